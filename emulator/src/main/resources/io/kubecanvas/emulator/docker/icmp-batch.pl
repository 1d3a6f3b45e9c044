# One process pings many addresses at once: an ICMP echo request to each, sent again each second to those that
# have not answered, until every one answered or the time-out. Arguments: TIMEOUT_S, then either pairs K IP (the
# probes of one source, in this process's network namespace; results on stdout), or groups "@ NETNS OUT K IP ..."
# (the sources of one node: each group's socket is made in the network namespace NETNS, a /proc/PID/ns/net file,
# and its results go to the file OUT; one process instead of one per source). Prints, per K, "### K", what ping
# would say, and "RESULT icmp IP rc=N" (0: echo reply; 1: no reply or unreachable), the format ProbeCommands reads.
use strict;
use warnings;
use Socket;
use Time::HiRes qw(time);

my $timeout = shift @ARGV;
# per group: [netns file or undef, output file or undef, socket, icmp id, error]; per target: [k, ip, group]
my (@g, @t);
if (@ARGV && $ARGV[0] eq '@') {
    while (@ARGV) {
        shift @ARGV;
        my ($ns, $out) = splice(@ARGV, 0, 2);
        push @g, [$ns, $out];
        while (@ARGV >= 2 && $ARGV[0] ne '@') {
            push @t, [shift @ARGV, shift @ARGV, $#g];
        }
    }
} else {
    push @g, [undef, undef];
    while (@ARGV >= 2) {
        push @t, [shift @ARGV, shift @ARGV, 0];
    }
}
$| = 1;

# setns(2): its number per architecture (syscall.ph would tell, but takes longer to load than the pings take)
sub setns_number {
    require Config;
    my $a = $Config::Config{archname};
    return 308 if $a =~ /^x86_64/;
    return 268 if $a =~ /^(aarch64|riscv64)/;
    return 375 if $a =~ /^arm/;
    return 346 if $a =~ /^i[3-6]86/;
    return 350 if $a =~ /^(ppc|powerpc)64/;
    return 339 if $a =~ /^s390x/;
    require 'syscall.ph';
    return &SYS_setns;
}

my $rin = '';
for my $gi (0 .. $#g) {
    my $grp = $g[$gi];
    $grp->[3] = ($$ + $gi) & 0xffff;
    if (defined $grp->[0]) {
        my $fh;
        unless (open($fh, '<', $grp->[0]) && syscall(setns_number(), fileno($fh), 0x40000000) == 0) {
            $grp->[4] = "setns $grp->[0]: $!";
            next;
        }
        close($fh);
    }
    my $s;
    unless (socket($s, PF_INET, SOCK_RAW, 1)) {
        $grp->[4] = "socket: $!";
        next;
    }
    $grp->[2] = $s;
    vec($rin, fileno($s), 1) = 1;
}

sub cksum {
    my $d = shift;
    $d .= "\0" if length($d) % 2;
    my $sum = 0;
    $sum += $_ for unpack('n*', $d);
    $sum = ($sum >> 16) + ($sum & 0xffff);
    $sum += $sum >> 16;
    return ~$sum & 0xffff;
}

my %res;
for my $i (0 .. $#t) {
    my $grp = $g[$t[$i][2]];
    $res{$i} = [2, $t[$i][1], $grp->[4]] if defined $grp->[4];
}
sub send_one {
    my $i = shift;
    my $grp = $g[$t[$i][2]];
    my $pkt = pack('CCnnn', 8, 0, 0, $grp->[3], $i & 0xffff) . 'kubecanvas-probe';
    substr($pkt, 2, 2) = pack('n', cksum($pkt));
    my $to = inet_aton($t[$i][1]);
    unless ($to && send($grp->[2], $pkt, 0, sockaddr_in(0, $to))) {
        $res{$i} = [2, $t[$i][1], "sendmsg: $!"];
    }
}

my $start;
# the target a reply to group $gi's request $seq is about, or undef
sub target_of {
    my ($gi, $id, $seq) = @_;
    return undef unless $id == $g[$gi][3] && $seq < @t && $t[$seq][2] == $gi && !exists $res{$seq};
    return $seq;
}
# the packets waiting on the sockets, waiting at most $wait seconds for the first; false when none came
sub take {
    my $wait = shift;
    my $n = select(my $rout = $rin, undef, undef, $wait);
    return 0 unless $n && $n > 0;
    for my $gi (0 .. $#g) {
        my $s = $g[$gi][2];
        next unless $s && vec($rout, fileno($s), 1);
        my $from = recv($s, my $buf, 2048, 0);
        next unless defined $from && length($buf) >= 28;
        my $ihl = (ord($buf) & 0x0f) * 4;
        my ($type, $code, $sum, $rid, $rseq) = unpack('CCnnn', substr($buf, $ihl, 8));
        my $peer = inet_ntoa((sockaddr_in($from))[1]);
        if ($type == 0) {
            my $i = target_of($gi, $rid, $rseq);
            $res{$i} = [0, $peer, (time - $start) * 1000] if defined $i;
        } elsif (($type == 3 || $type == 11) && length($buf) >= $ihl + 8 + 28) {
            my $inner = substr($buf, $ihl + 8);
            my $ihl2 = (ord($inner) & 0x0f) * 4;
            my ($itype, $icode, $isum, $iid, $iseq) = unpack('CCnnn', substr($inner, $ihl2, 8));
            my $i = $itype == 8 ? target_of($gi, $iid, $iseq) : undef;
            $res{$i} = [1, $peer, $type == 3 ? 'Destination Host Unreachable' : 'Time to live exceeded'] if defined $i;
        }
    }
    return 1;
}

# the replies are read while the requests go out: sent all at once, 200 replies overflow the socket's receive
# buffer before the first is read, and the lost ones waited a second for the next request
$start = time;
for my $i (0 .. $#t) {
    next if exists $res{$i};
    send_one($i);
    1 while take(0);
}
my $resend = $start + 1;
while (keys(%res) < @t) {
    my $now = time;
    last if $now - $start >= $timeout;
    if ($now >= $resend) {
        for my $i (0 .. $#t) {
            next if exists $res{$i};
            send_one($i);
            1 while take(0);
        }
        $resend += 1;
    }
    my $until = $resend < $start + $timeout ? $resend : $start + $timeout;
    my $wait = $until - $now;
    $wait = 0.001 if $wait < 0.001;
    take($wait);
}
# an address on a local link that no one answers ARP for: the kernel says unreachable, as ping reports it (asked
# in the group's own network namespace)
for my $gi (0 .. $#g) {
    my @open = grep { $t[$_][2] == $gi && !exists $res{$_} } 0 .. $#t;
    next unless @open;
    my $fh;
    next if defined $g[$gi][0] && !(open($fh, '<', $g[$gi][0]) && syscall(setns_number(), fileno($fh), 0x40000000) == 0);
    my $neigh;
    next unless open($neigh, '-|', 'ip', '-4', 'neigh', 'show');
    my %failed;
    while (<$neigh>) {
        $failed{$1} = 1 if /^(\d+\.\d+\.\d+\.\d+) .*\b(FAILED|INCOMPLETE)\b/;
    }
    close($neigh);
    for my $i (@open) {
        $res{$i} = [1, 'this Pod', 'Destination Host Unreachable'] if $failed{$t[$i][1]};
    }
}
for my $gi (0 .. $#g) {
    my $out = \*STDOUT;
    if (defined $g[$gi][1]) {
        open($out, '>', $g[$gi][1]) or die "$g[$gi][1]: $!";
    }
    for my $i (grep { $t[$_][2] == $gi } 0 .. $#t) {
        my ($k, $ip) = @{$t[$i]};
        my $r = $res{$i};
        print $out "### $k\n";
        if (!$r) {
            print $out "PING $ip: no echo reply\nRESULT icmp $ip rc=1\n";
        } elsif ($r->[0] == 0) {
            printf $out "64 bytes from %s: icmp_seq=1 time=%.2f ms\nRESULT icmp %s rc=0\n", $r->[1], $r->[2], $ip;
        } elsif ($r->[0] == 1) {
            print $out "From $r->[1] icmp_seq=1 $r->[2]\nRESULT icmp $ip rc=1\n";
        } else {
            print $out "ping: $r->[2]\nRESULT icmp $ip rc=2\n";
        }
    }
    close($out) if defined $g[$gi][1];
}
