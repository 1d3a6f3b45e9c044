package io.kubecanvas.emulator.control;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

class EventLogTest {

    private static ClusterEvent event(int i) {
        return new ClusterEvent(i, ClusterEvent.NORMAL, "R", "", "pod/p" + i, "m" + i, "test");
    }

    @Test
    void readersGetWhatIsNewEvenAfterOldEventsAreDropped() {
        EventLog log = new EventLog();
        for (int i = 0; i < EventLog.LIMIT + 10; i++) {
            log.add(event(i));
        }
        assertEquals(EventLog.LIMIT + 10, log.count());
        assertEquals(EventLog.LIMIT, log.all().size());
        assertEquals("m10", log.all().get(0).message());
        long seen = log.count();
        log.add(event(-1));
        assertEquals(List.of(event(-1)), log.since(seen));
        assertEquals(EventLog.LIMIT, log.since(0).size(), "from before the oldest kept: everything kept");
        assertEquals(List.of(), log.since(log.count()));
    }

    @Test
    void theControlPlaneNumbersItsEventsAcrossChanges() {
        ControlPlane cp = ControlPlane.start(Seeds.design(Seeds.deployment("web", 1, "")), 1);
        long seen = cp.eventCount();
        cp.scale("default", "web", 2);
        List<ClusterEvent> fresh = cp.eventsSince(seen);
        assertEquals("ScalingReplicaSet", fresh.get(0).reason());
        assertEquals(cp.events().subList((int) seen, cp.events().size()), fresh);
    }
}
