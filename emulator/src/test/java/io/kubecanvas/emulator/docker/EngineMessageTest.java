package io.kubecanvas.emulator.docker;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The engine's error words as the user sees them: one line, the message out of the reply's JSON. */
class EngineMessageTest {
    @Test
    void aPullFailureReplyBecomesOneLineOfWords() {
        String reply = "Status 500: {\"message\":\"Get \\\"https://registry-1.docker.io/v2/\\\": dial tcp: lookup registry-1.docker.io"
                + " on 10.255.255.53:53: no such host\"}\n";
        assertEquals("Status 500: Get \"https://registry-1.docker.io/v2/\": dial tcp: lookup registry-1.docker.io on"
                + " 10.255.255.53:53: no such host", DockerJavaEngine.rootMessage(new RuntimeException("pull", new RuntimeException(reply))));
    }

    @Test
    void otherWordsStayAsTheyAreOnOneLine() {
        assertEquals("Status 404: {not json", DockerJavaEngine.oneLine("Status 404: {not json}".replace("}", "")));
        assertEquals("no such image: x first line second line", DockerJavaEngine.oneLine("no such image: x first line\n  second line\n"));
    }
}
