package io.kubecanvas.lessons;

import io.kubecanvas.model.Design;

/** A lesson or a challenge: what both files have (an id, a title, a starting design, where it was read from). */
public sealed interface Teaching permits Lesson, Challenge {
    String API_VERSION = "kubecanvas.io/v1alpha1";

    String id();

    String title();

    Design design();

    String file();
}
