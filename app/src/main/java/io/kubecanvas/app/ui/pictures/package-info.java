/**
 * The pictures in docs/, taken from the app's real window by {@code docs/pictures.sh} ({@code kubecanvas
 * --pictures DIR} on an Xvfb screen of each size). Tests never write them.
 */
package io.kubecanvas.app.ui.pictures;
