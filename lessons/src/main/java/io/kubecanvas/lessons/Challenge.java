package io.kubecanvas.lessons;

import io.kubecanvas.model.Design;

import java.util.List;

/**
 * A challenge ({@code kind: Challenge}): a task, a starting design and assertions checked by behaviour;
 * docs/lessons.md describes the file.
 */
public record Challenge(String id, String title, String task, List<String> hints, List<Assertion> assertions,
                        Design design, String file) implements Teaching {

    public Challenge {
        hints = List.copyOf(hints);
        assertions = List.copyOf(assertions);
    }

    /** One assertion: its sentence (written in the file, or made from the check) and what it checks. */
    public record Assertion(String text, Check check) {
    }
}
