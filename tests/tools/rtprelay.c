// SPDX-License-Identifier: GPL-2.0-only
/*
 * rtprelay: the media engine's packet path alone, as a relay to measure and
 * test it. Stream i takes RTP in on port BASE+4i (from anyone) and sends
 * it on, unchanged, from port BASE+4i+2 to one peer address; each packet
 * is parsed as RTP first (malformed ones are dropped), as the media thread
 * does. All I/O goes through struct media_io_ops (sockets or AF_XDP), with
 * the media thread's loop: epoll, recv per readable source, one flush per
 * wakeup. Prints "ready" once every socket is bound and the engine runs,
 * and its counters when it gets SIGTERM/SIGINT or after -t seconds.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/resource.h>
#include <unistd.h>

#include "loop.h"
#include "media/media_io.h"
#include "media/rtp.h"

#define TAG_ENGINE (1ull << 32)

static volatile sig_atomic_t stop;

static void on_signal(int sig)
{
	stop = 1;
}

static void usage(void)
{
	fprintf(stderr,
		"usage: rtprelay -a LOCAL_IP -p PORT_BASE -n STREAMS -P PEER_IP:PORT\n"
		"       [-e sockets|xdp] [-i IFNAME] [-q QUEUE] [-g] [-F] [-t SECONDS]\n"
		"  stream i: in on PORT_BASE+4i, out from PORT_BASE+4i+2 to PEER\n"
		"  -g  XDP in generic (SKB) mode   -F  fall back to sockets if XDP fails\n");
	exit(2);
}

static int parse_peer(const char *s, struct sockaddr_storage *ss)
{
	struct sockaddr_in *sin = (struct sockaddr_in *)ss;
	char host[64];
	const char *colon = strrchr(s, ':');

	if (!colon || (size_t)(colon - s) >= sizeof(host))
		return -EINVAL;
	memcpy(host, s, (size_t)(colon - s));
	host[colon - s] = '\0';
	memset(ss, 0, sizeof(*ss));
	sin->sin_family = AF_INET;
	sin->sin_port = htons((uint16_t)atoi(colon + 1));
	return inet_pton(AF_INET, host, &sin->sin_addr) == 1 ? 0 : -EINVAL;
}

static int bind_udp(const char *ip, unsigned port)
{
	struct sockaddr_in sin = {.sin_family = AF_INET, .sin_port = htons((uint16_t)port)};
	int fd = socket(AF_INET, SOCK_DGRAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);

	if (fd < 0)
		return -errno;
	inet_pton(AF_INET, ip, &sin.sin_addr);
	if (bind(fd, (struct sockaddr *)&sin, sizeof(sin)) < 0) {
		int err = -errno;

		close(fd);
		return err;
	}
	return fd;
}

/* one wakeup's packets from src: RTP in on an even slot goes out of the odd one */
static void relay(struct media_io *io, int src, const struct sockaddr_storage *peer,
		  uint64_t *bad, uint64_t *ignored)
{
	struct media_io_pkt pk[MEDIA_IO_BATCH];
	int i, n = media_io_recv(io, src, pk, MEDIA_IO_BATCH);

	for (i = 0; i < n; i++) {
		struct rtp_hdr h;
		uint8_t *buf;

		if (pk[i].slot & 1) {
			(*ignored)++;
			continue;
		}
		if (rtp_parse(&h, pk[i].data, pk[i].len)) {
			(*bad)++;
			continue;
		}
		buf = io->ops->tx_buf(io);
		if (!buf) {
			io->ops->flush(io);
			buf = io->ops->tx_buf(io);
		}
		if (!buf)
			continue;
		memcpy(buf, pk[i].data, pk[i].len);
		io->ops->tx_commit(io, pk[i].slot + 1, pk[i].len, peer);
	}
}

int main(int argc, char **argv)
{
	struct media_io_conf conf = {.kind = MEDIA_IO_SOCKETS};
	struct sockaddr_storage peer;
	struct media_io_stats st;
	struct media_io *io;
	struct epoll_event evs[256];
	struct rlimit rl;
	const char *local = NULL, *peer_s = NULL;
	unsigned base = 0, nstreams = 0, secs = 0, i;
	bool fallback = false;
	uint64_t bad = 0, ignored = 0, start, housekept = 0;
	int c, epfd, *fds, efds[MEDIA_IO_MAX_FDS], nefd, err;
	char why[256];

	while ((c = getopt(argc, argv, "a:p:n:P:e:i:q:gFt:")) != -1) {
		switch (c) {
		case 'a': local = optarg; break;
		case 'p': base = (unsigned)atoi(optarg); break;
		case 'n': nstreams = (unsigned)atoi(optarg); break;
		case 'P': peer_s = optarg; break;
		case 'e':
			if (media_io_kind_parse(optarg, &conf.kind))
				usage();
			break;
		case 'i': snprintf(conf.ifname, sizeof(conf.ifname), "%s", optarg); break;
		case 'q': conf.queue = (unsigned)atoi(optarg); break;
		case 'g': conf.xdp_generic = true; break;
		case 'F': fallback = true; break;
		case 't': secs = (unsigned)atoi(optarg); break;
		default: usage();
		}
	}
	if (!local || !base || !nstreams || !peer_s || parse_peer(peer_s, &peer) ||
	    base + 4 * nstreams > 65535)
		usage();
	/* two sockets a stream, and the engine's */
	rl.rlim_cur = rl.rlim_max = 2 * nstreams + 64;
	if (rl.rlim_cur > 1024)
		setrlimit(RLIMIT_NOFILE, &rl);
	signal(SIGTERM, on_signal);
	signal(SIGINT, on_signal);

	fds = calloc(2 * nstreams, sizeof(*fds));
	epfd = epoll_create1(EPOLL_CLOEXEC);
	if (!fds || epfd < 0)
		return 1;
	for (i = 0; i < 2 * nstreams; i++) {
		unsigned port = base + 4 * (i / 2) + 2 * (i & 1);

		fds[i] = bind_udp(local, port);
		if (fds[i] < 0) {
			fprintf(stderr, "rtprelay: bind %s:%u: %s\n", local, port, strerror(-fds[i]));
			return 1;
		}
	}
	conf.max_slots = 2 * nstreams;
	err = media_io_open(&io, &conf, fallback, why, sizeof(why));
	if (why[0])
		fprintf(stderr, "rtprelay: %s\n", why);
	if (err) {
		fprintf(stderr, "rtprelay: engine %s: %s\n",
			conf.kind == MEDIA_IO_XDP ? "xdp" : "sockets", strerror(-err));
		return 1;
	}
	for (i = 0; i < 2 * nstreams; i++) {
		struct epoll_event ev = {.events = EPOLLIN, .data.u64 = i};

		err = io->ops->stream_add(io, (int)i, fds[i]);
		if (err || epoll_ctl(epfd, EPOLL_CTL_ADD, fds[i], &ev) < 0) {
			fprintf(stderr, "rtprelay: stream %u: %s\n", i, strerror(err ? -err : errno));
			return 1;
		}
	}
	nefd = io->ops->fds(io, efds, MEDIA_IO_MAX_FDS);
	for (c = 0; c < nefd; c++) {
		struct epoll_event ev = {.events = EPOLLIN, .data.u64 = TAG_ENGINE | (unsigned)c};

		if (epoll_ctl(epfd, EPOLL_CTL_ADD, efds[c], &ev) < 0)
			return 1;
	}
	fprintf(stderr, "rtprelay: %s\n", io->ops->describe(io));
	printf("ready engine=%s streams=%u\n", io->ops->name, nstreams);
	fflush(stdout);

	start = time_now_ms();
	while (!stop && (!secs || time_now_ms() - start < secs * 1000ull)) {
		uint64_t now = time_now_ms();
		int n, k;

		if (now - housekept >= 10) {
			io->ops->housekeep(io, now);
			housekept = now;
		}
		n = epoll_wait(epfd, evs, 256, 100);
		for (k = 0; k < n; k++) {
			uint64_t tag = evs[k].data.u64;
			int src = tag & TAG_ENGINE ? MEDIA_IO_SRC_ENGINE + (int)(uint32_t)tag : (int)tag;

			relay(io, src, &peer, &bad, &ignored);
		}
		media_io_flush(io);
	}
	io->ops->stats(io, &st);
	printf("rtprelay: engine=%s rx=%llu tx=%llu rx_dropped=%llu tx_dropped=%llu "
	       "rx_kernel=%llu tx_kernel=%llu malformed=%llu ignored=%llu\n",
	       io->ops->name, (unsigned long long)st.rx_packets, (unsigned long long)st.tx_packets,
	       (unsigned long long)st.rx_dropped, (unsigned long long)st.tx_dropped,
	       (unsigned long long)st.rx_kernel, (unsigned long long)st.tx_kernel,
	       (unsigned long long)bad,
	       (unsigned long long)ignored);
	for (i = 0; i < 2 * nstreams; i++)
		io->ops->stream_del(io, (int)i);
	media_io_close(io);
	for (i = 0; i < 2 * nstreams; i++)
		close(fds[i]);
	free(fds);
	close(epfd);
	return 0;
}
