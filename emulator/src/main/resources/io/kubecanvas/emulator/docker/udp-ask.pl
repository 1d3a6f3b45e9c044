# One UDP request and its answer (the UDP and DNS probes), run as perl -e: sends the file named by the fourth
# argument (without it "probe" and a newline) to HOST PORT from a connected socket, waits at most WAIT seconds for
# one datagram, prints it and exits as soon as it came (socat waits half a second after its input ends, answered
# or not). ICMP port unreachable: "Connection refused" on stderr and exit 1; no answer: nothing printed, exit 1.
# Arguments: HOST PORT WAIT [FILE]. No single quote in this file: the shell quotes it with them.
use strict;
use warnings;
use Socket;
my ($host, $port, $wait, $file) = @ARGV;
my $data = "probe\n";
if (defined $file) {
    open(my $f, "<:raw", $file) or die "udp: $file: $!\n";
    local $/;
    $data = <$f>;
    close($f);
}
my $addr = inet_aton($host) or die "udp: cannot resolve $host\n";
socket(my $s, PF_INET, SOCK_DGRAM, 0) or die "udp: socket: $!\n";
connect($s, sockaddr_in($port, $addr)) or die "udp: connect: $!\n";
unless (send($s, $data, 0)) {
    print STDERR "udp: send: $!\n";
    exit 1;
}
my $rin = "";
vec($rin, fileno($s), 1) = 1;
my $n = select(my $rout = $rin, undef, undef, $wait);
exit 1 unless $n && $n > 0;
my $buf;
unless (defined recv($s, $buf, 65535, 0)) {
    print STDERR "udp: read: $!\n";
    exit 1;
}
binmode(STDOUT);
print $buf;
exit 0;
