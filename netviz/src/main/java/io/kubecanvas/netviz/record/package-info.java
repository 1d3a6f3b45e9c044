/** Recording a session's packet events to a file (JSON lines) and reading it back for replay. */
package io.kubecanvas.netviz.record;
