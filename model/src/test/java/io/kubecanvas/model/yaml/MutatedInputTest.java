package io.kubecanvas.model.yaml;

import io.kubecanvas.model.TestFiles;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Every seed and corpus manifest, broken at random in the ways people break YAML (a character dropped,
 * an indicator or a tab typed, a line doubled): the reader either reads it or says where and what to do.
 * Anything else (a RuntimeException, a message without a position or advice) is a failure.
 */
class MutatedInputTest {
    private static final String TYPED = ":-[]{}\"'\t&*!|>#%@`,? \n";

    @Test
    void brokenManifestsAlwaysGiveAPositionedMessageOrARead() throws Exception {
        Random random = new Random(20261126);
        List<String> sources = new ArrayList<>();
        for (Path f : TestFiles.allManifests()) {
            // Variety matters here, not size: the corpus's multi-megabyte installs would only slow the 3000 reads.
            if (Files.size(f) < 64 * 1024) {
                sources.add(YamlReader.decode(f.toString(), Files.readAllBytes(f)));
            }
        }
        assertTimeoutPreemptively(Duration.ofSeconds(30), () -> {
            int errors = 0;
            for (int i = 0; i < 3000; i++) {
                String text = mutate(sources.get(random.nextInt(sources.size())), random);
                try {
                    YamlReader.read("m.yaml", text);
                } catch (YamlException e) {
                    errors++;
                    String m = e.getMessage();
                    assertTrue(e.position().isKnown(), () -> e.describe() + "\n--- for ---\n" + text);
                    assertTrue(m.contains("; ") && !m.contains("\n"), () -> e.describe() + "\n--- for ---\n" + text);
                    assertFalse(m.contains("org.yaml"), e::describe);
                } catch (RuntimeException | StackOverflowError e) {
                    fail("crashed with " + e + " on:\n" + text);
                }
            }
            assertTrue(errors > 300, "the mutations should break many files, broke " + errors);
        });
    }

    private static String mutate(String text, Random r) {
        StringBuilder b = new StringBuilder(text);
        int edits = 1 + r.nextInt(3);
        for (int e = 0; e < edits && b.length() > 0; e++) {
            int at = r.nextInt(b.length());
            switch (r.nextInt(4)) {
                case 0 -> b.deleteCharAt(at);
                case 1 -> b.insert(at, TYPED.charAt(r.nextInt(TYPED.length())));
                case 2 -> b.setCharAt(at, TYPED.charAt(r.nextInt(TYPED.length())));
                default -> {
                    int lineStart = b.lastIndexOf("\n", at) + 1;
                    int lineEnd = b.indexOf("\n", at);
                    if (lineEnd > 0) {
                        b.insert(lineEnd + 1, b.substring(lineStart, lineEnd + 1));
                    }
                }
            }
        }
        return b.toString();
    }
}
