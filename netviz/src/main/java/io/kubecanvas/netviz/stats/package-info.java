/** Live figures of a session: packets and bytes per second per link, requests per endpoint of each Service. */
package io.kubecanvas.netviz.stats;
