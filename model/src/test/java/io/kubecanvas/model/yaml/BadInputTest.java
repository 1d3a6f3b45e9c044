package io.kubecanvas.model.yaml;

import io.kubecanvas.model.Design;
import io.kubecanvas.model.DesignIO;
import io.kubecanvas.model.KubeObject;
import io.kubecanvas.model.SourcePosition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Hostile and broken input: each case ends in one clear {@link YamlException} (file:line:col and a sentence
 * saying what to do) or, where the YAML is valid but odd, loads with its values kept. The timeout is only
 * a guard against hangs, not a speed target.
 */
class BadInputTest {
    private static final Duration HANG_GUARD = Duration.ofSeconds(5);

    @TempDir
    Path dir;

    /** Reads text that must fail; checks the message names a place and says what to do. */
    private static YamlException failsText(String text, String expectedFragment, int line, int column) {
        YamlException e = assertTimeoutPreemptively(HANG_GUARD,
                () -> assertThrows(YamlException.class, () -> YamlReader.read("bad.yaml", text)));
        checkMessage(e, "bad.yaml", expectedFragment, line, column);
        return e;
    }

    private YamlException failsFile(byte[] bytes, String expectedFragment, int line, int column) throws IOException {
        Path f = dir.resolve("bad.yaml");
        Files.write(f, bytes);
        YamlException e = assertTimeoutPreemptively(HANG_GUARD,
                () -> assertThrows(YamlException.class, () -> YamlReader.read(f)));
        checkMessage(e, f.toString(), expectedFragment, line, column);
        return e;
    }

    private static void checkMessage(YamlException e, String file, String fragment, int line, int column) {
        SourcePosition p = e.position();
        assertEquals(file, p.file(), e.describe());
        assertTrue(e.getMessage().contains(fragment), () -> "expected '" + fragment + "' in: " + e.describe());
        // One sentence: what is wrong; what to do. No parser internals, no stack trace.
        assertTrue(e.getMessage().contains("; "), () -> "no advice in: " + e.describe());
        assertFalse(e.getMessage().contains("org.yaml") || e.getMessage().contains("Exception"), e.describe());
        assertFalse(e.getMessage().contains("\n"), e.describe());
        assertEquals(0, e.getStackTrace().length, "a YamlException carries no stack trace");
        if (line > 0) {
            assertEquals(line, p.line(), e.describe());
        }
        if (column > 0) {
            assertEquals(column, p.column(), e.describe());
        }
        assertTrue(e.describe().startsWith(file + ":" + p.line() + ":" + p.column() + ": error: "), e.describe());
    }

    private static List<YamlDocument> reads(String text) {
        return assertTimeoutPreemptively(HANG_GUARD, () -> YamlReader.read("odd.yaml", text));
    }

    // ---- alias bombs ----------------------------------------------------------------------------

    @Test
    void billionLaughsIsRefusedBeforeItExpands() {
        // 12 levels of 10 aliases: 120 aliases, 10^12 values once expanded.
        StringBuilder y = new StringBuilder("a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]\n");
        for (char c = 'b'; c <= 'm'; c++) {
            char p = (char) (c - 1);
            y.append(c).append(": &").append(c).append(" [");
            for (int i = 0; i < 10; i++) {
                y.append(i == 0 ? "" : ", ").append('*').append(p);
            }
            y.append("]\n");
        }
        YamlException e = failsText(y.toString(), "alias", 0, 0);
        assertTrue(e.getMessage().contains("alias bomb"), e.getMessage());
        assertTrue(e.position().line() >= 2, "points into the file: " + e.describe());
    }

    @Test
    void aSmallerBombUnderTheAliasCountIsRefusedOnExpansion() {
        // 4 anchors x 10 aliases each = 40 aliases (SnakeYAML allows 100), expanding to 10^5 values.
        StringBuilder y = new StringBuilder("a: &a [x, x, x, x, x, x, x, x, x, x]\n");
        String[] names = {"a", "b", "c", "d", "e"};
        for (int n = 1; n < names.length; n++) {
            y.append(names[n]).append(": &").append(names[n]).append(" [");
            for (int i = 0; i < 10; i++) {
                y.append(i == 0 ? "" : ", ").append('*').append(names[n - 1]);
            }
            y.append("]\n");
        }
        y.append("f: [*e, *e, *e, *e, *e, *e, *e, *e, *e, *e]\n");
        YamlException e = failsText(y.toString(), "expand this document to more than", 0, 0);
        assertTrue(e.getMessage().contains("alias bomb"), e.getMessage());
        assertTrue(e.position().isKnown(), e.describe());
    }

    @Test
    void anAliasInsideItsOwnAnchorIsACycleNotAHang() {
        failsText("a: &x\n  - 1\n  - *x\n", "never end", 0, 0);
    }

    @Test
    void aFewHonestAliasesAndMergeKeysStillWork() {
        List<YamlDocument> docs = reads("base: &b {app: web, tier: front}\nlabels:\n  <<: *b\n  tier: back\ncopy: *b\n");
        assertEquals(Map.of("app", "web", "tier", "back"), ((Map<?, ?>) docs.get(0).tree()).get("labels"));
        assertEquals(Map.of("app", "web", "tier", "front"), ((Map<?, ?>) docs.get(0).tree()).get("copy"));
    }

    // ---- nesting --------------------------------------------------------------------------------

    @Test
    void tenThousandOpenBracketsAreRefusedWithThePlaceTheLimitWasCrossed() {
        String text = "[".repeat(10_000) + "]".repeat(10_000) + "\n";
        failsText(text, "nested more than " + YamlReader.MAX_NESTING_DEPTH, 1, YamlReader.MAX_NESTING_DEPTH + 1);
    }

    @Test
    void tenThousandNestedFlowMapsAreRefused() {
        String text = "{a: ".repeat(10_000) + "1" + "}".repeat(10_000) + "\n";
        failsText(text, "nested more than", 1, 0);
    }

    @Test
    void tenThousandNestedBlockSequencesAreRefused() {
        failsText("- ".repeat(10_000) + "x\n", "nested more than", 1, 0);
    }

    @Test
    void deepBlockMapsAreRefusedOnTheLineThatCrossesTheLimit() {
        StringBuilder y = new StringBuilder();
        for (int i = 0; i < 1_000; i++) {
            y.append("  ".repeat(i)).append("k").append(i).append(":\n");
        }
        failsText(y.toString(), "nested more than", YamlReader.MAX_NESTING_DEPTH + 1, 0);
    }

    // ---- syntax ---------------------------------------------------------------------------------

    @Test
    void tabsUsedForIndentationAreNamed() {
        failsText("apiVersion: v1\nkind: Pod\nmetadata:\n\tname: web\n", "tab", 4, 1);
    }

    @Test
    void duplicateKeysNameTheKeyAndTheFirstLine() {
        YamlException e = failsText("apiVersion: v1\nkind: Pod\nmetadata:\n  name: a\n  labels: {}\n  name: b\n",
                "duplicate key 'name' (first at line 4)", 6, 3);
        assertTrue(e.getMessage().contains("remove one"), e.getMessage());
    }

    @Test
    void anUnclosedQuoteIsReportedWhereItOpens() {
        failsText("apiVersion: v1\nkind: Pod\nmetadata:\n  name: \"web\n  labels: {}\n", "never closed", 4, 9);
    }

    @Test
    void anUnclosedBracketIsReportedWhereItOpens() {
        failsText("apiVersion: v1\nkind: Service\nspec:\n  ports: [80, 443\n", "']'", 4, 10);
    }

    @Test
    void anUnclosedBraceIsReportedWhereItOpens() {
        failsText("metadata: {name: a, labels: {app: web}\n", "'}'", 1, 11);
    }

    @Test
    void aBracketLeftOpenAtTheEndOfTheFileIsReportedWhereItOpens() {
        failsText("apiVersion: v1\nkind: Pod\nspec:\n  containers: [\n", "'[' here is never closed", 4, 15);
    }

    @Test
    void aBraceClosedByABracketNamesBoth() {
        failsText("metadata: {labels: {app: web]}\n", "'{' opened at line 1, column 20 is not closed before this; add '}'", 1, 29);
    }

    @Test
    void aBadIndentIsExplained() {
        failsText("apiVersion: v1\nkind: Pod\nmetadata:\n  name: a\n labels: {}\n", "indentation", 5, 0);
    }

    // ---- valid but wrong or odd: loads, keeps values, validation judges later ---------------------

    @Test
    void wrongTypesLoadWithTheirValuesKept() throws YamlException {
        Design d = assertTimeoutPreemptively(HANG_GUARD, () -> DesignIO.parse("t.yaml",
                "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  replicas: \"two\"\n"
                        + "  template:\n    spec:\n      containers: foo\n"));
        KubeObject dep = d.objects().get(0);
        assertEquals("two", dep.get("spec.replicas"));
        assertEquals("foo", dep.get("spec.template.spec.containers"));
        assertEquals(6, dep.position("spec.replicas").line());
        assertNull(dep.typed(), "the typed view is unavailable; validation reports the wrong types");
    }

    @Test
    void unknownKindsLoadAndAreCarriedThroughUntouched() throws YamlException {
        String text = "# a custom resource\napiVersion: example.com/v1\nkind: Frobnicator\nmetadata:\n  name: f\n"
                + "spec:\n  knobs: [1, 2, 3]\n  mode: turbo  # fast\n";
        Design d = assertTimeoutPreemptively(HANG_GUARD, () -> DesignIO.parse("crd.yaml", text));
        assertEquals("Frobnicator", d.objects().get(0).kind());
        assertEquals(text, d.toManifestYaml());
    }

    @Test
    void customTagsBuildNoTypesAndAreWarnedAbout() {
        String text = "a: !!python/object/apply:os.system [\"echo pwned\"]\nb: !!python/object:os.system x\n"
                + "c: !Ref MyBucket\nd: !!java.io.File /etc/passwd\ne: !!str 42\n";
        List<YamlDocument> docs = reads(text);
        Map<?, ?> tree = (Map<?, ?>) docs.get(0).tree();
        assertEquals(List.of("echo pwned"), tree.get("a"));
        assertEquals("x", tree.get("b"));
        assertEquals("MyBucket", tree.get("c"));
        assertEquals("/etc/passwd", tree.get("d"));
        assertEquals("42", tree.get("e"), "a standard tag still means what it says");
        List<YamlWarning> w = docs.get(0).warnings();
        assertEquals(4, w.size(), w.toString());
        assertEquals(3, w.get(2).position().line());
        assertTrue(w.get(2).describe().contains("!Ref") && w.get(2).message().contains("remove it"), w.get(2).describe());
        assertTrue(w.get(0).message().contains("!!python/object/apply:os.system"), w.get(0).message());
    }

    // ---- size and bytes -------------------------------------------------------------------------

    @Test
    void aTwentyMegabyteFileIsRefusedAsTooLarge() throws IOException {
        byte[] big = ("- " + "x".repeat(98) + "\n").repeat(200_000).getBytes(StandardCharsets.UTF_8);
        assertTrue(big.length >= 20_000_000);
        failsFile(big, "over the " + YamlReader.MAX_FILE_BYTES / 1024 / 1024 + " MB limit", 1, 1);
        String text = new String(big, StandardCharsets.UTF_8);
        failsText(text, "limit", 1, 1);
    }

    @Test
    void anEndlessFileIsCutAtTheLimit() {
        Path zero = Path.of("/dev/zero");
        org.junit.jupiter.api.Assumptions.assumeTrue(Files.isReadable(zero), "no /dev/zero here");
        YamlException e = assertTimeoutPreemptively(HANG_GUARD,
                () -> assertThrows(YamlException.class, () -> YamlReader.read(zero)));
        assertTrue(e.getMessage().contains("over the 10 MB limit"), e.describe());
    }

    @Test
    void aFolderOrAMissingFileIsAMessageNotAnException() {
        YamlException e = assertThrows(YamlException.class, () -> YamlReader.read(dir));
        assertTrue(e.describe().startsWith(dir + ":1:1: error: cannot read the file"), e.describe());
        e = assertThrows(YamlException.class, () -> YamlReader.read(dir.resolve("missing.yaml")));
        assertTrue(e.getMessage().contains("no such file; check the path"), e.describe());
    }

    @Test
    void aFileOfManyEmptyDocumentsIsReadQuickly() {
        assertEquals(20_000, reads("---\n".repeat(20_000)).size());
    }

    @Test
    void randomBytesAreNotText() throws IOException {
        byte[] junk = new byte[4096];
        new Random(42).nextBytes(junk);
        junk[0] = 'k'; // not a known magic number
        junk[1] = ':';
        YamlException e = failsFile(junk, "not", 1, 0);
        assertTrue(e.getMessage().contains("UTF-8") || e.getMessage().contains("NUL"), e.describe());
    }

    @Test
    void aPngIsNamedAsAnImage() throws IOException {
        byte[] png = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n', 0, 0, 0, 13, 'I', 'H', 'D', 'R'};
        failsFile(png, "a PNG image", 1, 1);
    }

    @Test
    void invalidUtf8IsReportedAtItsLine() throws IOException {
        byte[] latin1 = "apiVersion: v1\nkind: ConfigMap\ndata:\n  greeting: gr\u00fc\u00dfe\n".getBytes(StandardCharsets.ISO_8859_1);
        failsFile(latin1, "UTF-8", 4, 15);
    }

    @Test
    void aNulByteIsRefused() throws IOException {
        failsFile("apiVersion: v1\nkind: Pod\u0000\n".getBytes(StandardCharsets.UTF_8), "NUL", 2, 10);
        failsText("apiVersion: v1\nkind: Pod\u0000\n", "NUL", 2, 10);
    }

    @Test
    void otherControlCharactersAreRefused() {
        failsText("apiVersion: v1\nkind: Pod\u0007\n", "control character U+0007", 2, 10);
    }

    // ---- empty ----------------------------------------------------------------------------------

    @Test
    void anEmptyFileIsAnEmptyDesignThatWritesBackEmpty() throws Exception {
        Path f = dir.resolve("empty.yaml");
        Files.writeString(f, "");
        DesignIO.LoadResult r = assertTimeoutPreemptively(HANG_GUARD, () -> DesignIO.load(f));
        assertTrue(r.ok());
        assertTrue(r.design().objects().isEmpty());
        assertEquals("", r.design().toManifestYaml());
    }

    @Test
    void aCommentsOnlyFileIsAnEmptyDesignThatWritesBackIdentically() throws Exception {
        String text = "# nothing here yet\n\n# TODO: add the web tier\n";
        Path f = dir.resolve("comments.yaml");
        Files.writeString(f, text);
        DesignIO.LoadResult r = assertTimeoutPreemptively(HANG_GUARD, () -> DesignIO.load(f));
        assertTrue(r.ok());
        assertTrue(r.design().objects().isEmpty());
        assertEquals(text, r.design().toManifestYaml());
        String separators = "---\n# one\n---\n";
        assertEquals(separators, DesignIO.parse("s.yaml", separators).toManifestYaml());
    }
}
