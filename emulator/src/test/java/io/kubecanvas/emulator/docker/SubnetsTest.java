package io.kubecanvas.emulator.docker;

import io.kubecanvas.model.net.Cidr;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

class SubnetsTest {
    private static Subnets.Taken taken(String cidr) {
        return new Subnets.Taken(Cidr.parse(cidr), "Docker network n-" + cidr);
    }

    @Test
    void theDesignsUnderlayIsKeptWhenNothingOverlapsIt() {
        assertEquals(Cidr.parse("172.30.0.0/24"), Subnets.choose(Cidr.parse("172.30.0.0/24"),
                List.of(taken("172.17.0.0/16"), taken("172.30.1.0/24")), List.of()));
    }

    @Test
    void aTakenUnderlayMovesToTheFirstFreeRangeOfItsSizeFreeOfEveryNetworkAndTheAvoidedRanges() {
        List<Subnets.Taken> t = List.of(taken("172.30.0.0/24"), taken("172.16.0.0/16"), taken("172.17.0.0/16"),
                taken("172.18.0.0/24"));
        assertEquals(Cidr.parse("172.18.2.0/24"), Subnets.choose(Cidr.parse("172.30.0.0/24"), t,
                List.of(Cidr.parse("172.18.1.0/24"))));
    }

    @Test
    void whenEveryPoolIsTakenThereIsNoChoiceAndTheOverlapIsNamed() {
        List<Subnets.Taken> t = List.of(taken("172.16.0.0/12"), taken("192.168.0.0/16"));
        assertNull(Subnets.choose(Cidr.parse("172.30.0.0/24"), t, List.of()));
        assertEquals("Docker network n-172.16.0.0/12", Subnets.overlap(Cidr.parse("172.30.0.0/24"), t).what());
    }

    @Test
    void theMachinesRoutesAreReadFromProcNetRouteWithoutTheDefaultRoute(@TempDir Path dir) throws IOException {
        Path f = dir.resolve("route");
        Files.writeString(f, """
                Iface\tDestination\tGateway \tFlags\tRefCnt\tUse\tMetric\tMask\t\tMTU\tWindow\tIRTT
                eth0\t00000000\t0102A8C0\t0003\t0\t0\t0\t00000000\t0\t0\t0
                eth0\t0002A8C0\t00000000\t0001\t0\t0\t0\t00FFFFFF\t0\t0\t0
                docker0\t000011AC\t00000000\t0001\t0\t0\t0\t0000FFFF\t0\t0\t0
                """);
        List<Subnets.Taken> r = Subnets.routes(f);
        assertEquals(List.of(Cidr.parse("192.168.2.0/24"), Cidr.parse("172.17.0.0/16")),
                r.stream().map(Subnets.Taken::cidr).toList());
        assertEquals("the route to 192.168.2.0/24 via eth0 on this machine", r.get(0).what());
    }
}
