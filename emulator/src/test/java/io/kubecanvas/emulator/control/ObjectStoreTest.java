package io.kubecanvas.emulator.control;

import io.kubecanvas.model.ObjectKey;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

class ObjectStoreTest {

    @Test
    void writesBumpTheRevisionAndTellWatchersInOrder() {
        ObjectStore store = new ObjectStore(1);
        List<ObjectStore.WatchEvent> seen = new ArrayList<>();
        store.watch(seen::add);
        ObjectKey a = new ObjectKey("ConfigMap", "default", "a");
        ObjectStore.Stored created = store.put(a, "v1");
        ObjectStore.Stored same = store.put(a, "v1");
        ObjectStore.Stored updated = store.put(a, "v2");
        ObjectStore.Stored deleted = store.delete(a);
        assertSame(created, same, "an unchanged body is not a write");
        assertEquals(1, created.resourceVersion());
        assertEquals(2, updated.resourceVersion());
        assertEquals(created.uid(), updated.uid());
        assertEquals("v2", deleted.body());
        assertEquals(3, store.resourceVersion());
        assertEquals(List.of(ObjectStore.EventType.ADDED, ObjectStore.EventType.MODIFIED, ObjectStore.EventType.DELETED),
                seen.stream().map(ObjectStore.WatchEvent::type).toList());
        assertEquals(List.of(1L, 2L, 3L), seen.stream().map(ObjectStore.WatchEvent::resourceVersion).toList());
        assertNull(store.get(a));
        assertNull(store.delete(a));
    }

    @Test
    void listsAreInKeyOrderAndUidsDeterministic() {
        ObjectStore s1 = new ObjectStore(5);
        ObjectStore s2 = new ObjectStore(5);
        for (String n : List.of("c", "a", "b")) {
            s1.put(new ObjectKey("Pod", "ns", n), n);
            s2.put(new ObjectKey("Pod", "ns", n), n);
        }
        assertEquals(List.of("a", "b", "c"), s1.bodies("Pod", String.class));
        assertEquals(s1.get(new ObjectKey("Pod", "ns", "a")).uid(), s2.get(new ObjectKey("Pod", "ns", "a")).uid());
        assertNotEquals(s1.get(new ObjectKey("Pod", "ns", "a")).uid(), s1.get(new ObjectKey("Pod", "ns", "b")).uid());
        assertEquals(3, s1.count("Pod"));
        assertEquals(0, s1.count("Service"));
    }

    @Test
    void aRemovedWatcherHearsNothingMore() {
        ObjectStore store = new ObjectStore(1);
        List<ObjectStore.WatchEvent> seen = new ArrayList<>();
        Runnable stop = store.watch(seen::add);
        store.put(new ObjectKey("Pod", "ns", "a"), 1);
        stop.run();
        store.put(new ObjectKey("Pod", "ns", "b"), 2);
        assertEquals(1, seen.size());
    }
}
