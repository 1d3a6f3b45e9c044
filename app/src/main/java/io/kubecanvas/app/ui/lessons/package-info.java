/**
 * The app's teaching side: the Learn menu, and the side panel that takes a lesson step by step (Back/Next,
 * progress, hints, each step's "what to show"), checks a challenge ("Check my design", with the failing probe's
 * trace) and authors one (must-reach arrows on the canvas, recorded probes). The logic is in the lessons module;
 * these views only read the window and the network workbench and show what the lesson classes say.
 */
package io.kubecanvas.app.ui.lessons;
