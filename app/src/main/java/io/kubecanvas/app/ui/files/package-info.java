/**
 * Files of the designer: samples shipped with the app, recent files (java.util.prefs), autosave with
 * recovery after a crash, and the open/save/export operations behind a small dialogs interface so they
 * can be tested without a window.
 */
package io.kubecanvas.app.ui.files;
