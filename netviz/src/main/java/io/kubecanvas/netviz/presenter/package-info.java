/**
 * Presenter mode: the network view full screen for a class, large type, the current hop's explanation as a
 * caption, the controls on keys, and the follow-the-packet camera.
 */
package io.kubecanvas.netviz.presenter;
