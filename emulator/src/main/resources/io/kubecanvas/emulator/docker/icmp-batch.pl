# One process pings many addresses at once (the probes of one source, in its network namespace): an ICMP echo
# request to each, sent again each second to those that have not answered, until every one answered or the
# time-out. Arguments: TIMEOUT_S then pairs K IP. Prints, per K, "### K", what ping would say, and
# "RESULT icmp IP rc=N" (0: echo reply; 1: no reply or unreachable), the format ProbeCommands reads.
use strict;
use warnings;
use Socket;
use Time::HiRes qw(time);

my $timeout = shift @ARGV;
my @t;
while (@ARGV >= 2) {
    my $k = shift @ARGV;
    my $ip = shift @ARGV;
    push @t, [$k, $ip];
}
$| = 1;
my $s;
unless (socket($s, PF_INET, SOCK_RAW, 1)) {
    my $err = "$!";
    print "### $_->[0]\nping: socket: $err\nRESULT icmp $_->[1] rc=2\n" for @t;
    exit 0;
}
my $id = $$ & 0xffff;

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
sub send_one {
    my $i = shift;
    my $pkt = pack('CCnnn', 8, 0, 0, $id, $i) . 'kubecanvas-probe';
    substr($pkt, 2, 2) = pack('n', cksum($pkt));
    my $to = inet_aton($t[$i][1]);
    unless ($to && send($s, $pkt, 0, sockaddr_in(0, $to))) {
        $res{$i} = [2, $t[$i][1], "$!"];
    }
}

my $start;
my $rin = '';
vec($rin, fileno($s), 1) = 1;
# one packet from the socket, waiting at most $wait seconds; false when none came
sub take {
    my $wait = shift;
    my $n = select(my $rout = $rin, undef, undef, $wait);
    return 0 unless $n && $n > 0;
    my $from = recv($s, my $buf, 2048, 0);
    return 1 unless defined $from && length($buf) >= 28;
    my $ihl = (ord($buf) & 0x0f) * 4;
    my ($type, $code, $sum, $rid, $rseq) = unpack('CCnnn', substr($buf, $ihl, 8));
    my $peer = inet_ntoa((sockaddr_in($from))[1]);
    if ($type == 0 && $rid == $id && $rseq < @t && !exists $res{$rseq}) {
        $res{$rseq} = [0, $peer, (time - $start) * 1000];
    } elsif (($type == 3 || $type == 11) && length($buf) >= $ihl + 8 + 28) {
        my $inner = substr($buf, $ihl + 8);
        my $ihl2 = (ord($inner) & 0x0f) * 4;
        my ($itype, $icode, $isum, $iid, $iseq) = unpack('CCnnn', substr($inner, $ihl2, 8));
        if ($itype == 8 && $iid == $id && $iseq < @t && !exists $res{$iseq}) {
            $res{$iseq} = [1, $peer, $type == 3 ? 'Destination Host Unreachable' : 'Time to live exceeded'];
        }
    }
    return 1;
}

# the replies are read while the requests go out: sent all at once, 200 replies overflow the socket's receive
# buffer before the first is read, and the lost ones waited a second for the next request
$start = time;
for my $i (0 .. $#t) {
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
# an address on a local link that no one answers ARP for: the kernel says unreachable, as ping reports it
if (keys(%res) < @t && open(my $neigh, '-|', 'ip', '-4', 'neigh', 'show')) {
    my %failed;
    while (<$neigh>) {
        $failed{$1} = 1 if /^(\d+\.\d+\.\d+\.\d+) .*\b(FAILED|INCOMPLETE)\b/;
    }
    close($neigh);
    for my $i (0 .. $#t) {
        $res{$i} = [1, 'this Pod', 'Destination Host Unreachable'] if !exists $res{$i} && $failed{$t[$i][1]};
    }
}
for my $i (0 .. $#t) {
    my ($k, $ip) = @{$t[$i]};
    my $r = $res{$i};
    print "### $k\n";
    if (!$r) {
        print "PING $ip: no echo reply\nRESULT icmp $ip rc=1\n";
    } elsif ($r->[0] == 0) {
        printf "64 bytes from %s: icmp_seq=1 time=%.2f ms\nRESULT icmp %s rc=0\n", $r->[1], $r->[2], $ip;
    } elsif ($r->[0] == 1) {
        print "From $r->[1] icmp_seq=1 $r->[2]\nRESULT icmp $ip rc=1\n";
    } else {
        print "ping: sendmsg: $r->[2]\nRESULT icmp $ip rc=2\n";
    }
}
