package io.kubecanvas.netviz.view;

/** Which layers the view draws. */
public enum LayerMode {
    PHYSICAL("Physical"), LOGICAL("Logical"), BOTH("Both");

    private final String title;

    LayerMode(String title) {
        this.title = title;
    }

    @Override
    public String toString() {
        return title;
    }
}
