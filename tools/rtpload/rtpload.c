// SPDX-License-Identifier: GPL-2.0-only
/*
 * rtpload: N G.711 RTP streams through a relay and back, at real-time pace.
 *
 * Every stream sends one 160-byte PCMA packet each 20 ms (streams evenly
 * staggered over the 20 ms), all from one local UDP port, to its own port
 * on the relay; the relay sends them on to one local receive port. What
 * comes back is matched to its stream by SSRC and checked: sequence
 * (lost, duplicated, reordered), payload byte for byte (each stream's
 * bytes are a function of stream and sequence number), and one-way delay
 * through the relay (send time taken just before sendmmsg, receive time
 * the kernel's SO_TIMESTAMPNS, same clock), reported as percentiles.
 *
 *   relay targets:  -t IP -p BASE [-s STEP]   stream i goes to BASE+STEP*i
 *   rtpengine:      -g IP:PORT                each stream is a call set up
 *                                             with ng offer/answer
 *
 * With -C PID, the CPU time (utime + stime of /proc/PID/stat, all its
 * threads) and resident memory of the relay under test are read when the
 * first packet is due and when the last one has been sent, and reported
 * with rtpload's own CPU time over the same window.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "ng.h"

#define PTIME_NS 20000000ull
#define PAYLOAD 160
#define PKT_LEN (12 + PAYLOAD)
#define PT_PCMA 8
#define SSRC_BASE 0x5a000000u
#define WIN 64 /* packets remembered per stream: 1.28 s */
#define BATCH 64

struct stream {
	struct sockaddr_in dst;
	uint16_t seq; /* next to send */
	uint64_t next_ns;
	uint64_t sent;
	/* receive side */
	uint64_t recv, dup, reordered, bad, stale;
	bool rx_any;
	uint16_t rx_max;
	uint64_t sent_ns[WIN];
	uint16_t sent_seq[WIN];
	bool got[WIN];
};

struct load {
	struct stream *st;
	unsigned n;
	int txfd, rxfd;
	uint32_t *delay_us;
	size_t ndelay, cap;
	uint64_t late_us, late, foreign, send_lag_max_ns;
};

/* utime + stime of a process in ms, or 0 if it cannot be read */
static uint64_t proc_cpu_ms(int pid)
{
	char path[64], buf[1024], *p;
	unsigned long long ut = 0, st = 0;
	FILE *f;
	size_t n;

	snprintf(path, sizeof(path), "/proc/%d/stat", pid);
	f = fopen(path, "r");
	if (!f)
		return 0;
	n = fread(buf, 1, sizeof(buf) - 1, f);
	fclose(f);
	buf[n] = '\0';
	p = strrchr(buf, ')'); /* the command name may hold spaces */
	if (!p || sscanf(p + 2, "%*c %*d %*d %*d %*d %*d %*u %*u %*u %*u %*u %llu %llu", &ut,
			 &st) != 2)
		return 0;
	return (ut + st) * 1000 / (unsigned long long)sysconf(_SC_CLK_TCK);
}

static uint64_t proc_rss_kb(int pid)
{
	char path[64], line[256];
	unsigned long long kb = 0;
	FILE *f;

	snprintf(path, sizeof(path), "/proc/%d/status", pid);
	f = fopen(path, "r");
	if (!f)
		return 0;
	while (fgets(line, sizeof(line), f))
		if (sscanf(line, "VmRSS: %llu", &kb) == 1)
			break;
	fclose(f);
	return kb;
}

static uint64_t now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_REALTIME, &ts);
	return (uint64_t)ts.tv_sec * 1000000000ull + (uint64_t)ts.tv_nsec;
}

static uint8_t payload_byte(unsigned stream, uint16_t seq, unsigned k)
{
	return (uint8_t)(stream * 31u + seq * 7u + k);
}

static void build(uint8_t *p, unsigned i, const struct stream *s)
{
	uint32_t ts = (uint32_t)s->seq * PAYLOAD, ssrc = SSRC_BASE + i;
	unsigned k;

	p[0] = 0x80;
	p[1] = (uint8_t)(PT_PCMA | (s->sent ? 0 : 0x80)); /* marker on the first */
	p[2] = (uint8_t)(s->seq >> 8);
	p[3] = (uint8_t)s->seq;
	p[4] = (uint8_t)(ts >> 24);
	p[5] = (uint8_t)(ts >> 16);
	p[6] = (uint8_t)(ts >> 8);
	p[7] = (uint8_t)ts;
	p[8] = (uint8_t)(ssrc >> 24);
	p[9] = (uint8_t)(ssrc >> 16);
	p[10] = (uint8_t)(ssrc >> 8);
	p[11] = (uint8_t)ssrc;
	for (k = 0; k < PAYLOAD; k++)
		p[12 + k] = payload_byte(i, s->seq, k);
}

/* send every packet due by now, in batches of up to BATCH */
static void send_due(struct load *L, unsigned *cur, uint64_t now)
{
	static uint8_t buf[BATCH][PKT_LEN];
	struct mmsghdr msg[BATCH];
	struct iovec iov[BATCH];
	unsigned who[BATCH], nb = 0, j;
	uint16_t seq[BATCH];

	memset(msg, 0, sizeof(msg));
	for (;;) {
		struct stream *s = &L->st[*cur];
		bool due = s->next_ns <= now;

		if (due) {
			if (now - s->next_ns > L->send_lag_max_ns)
				L->send_lag_max_ns = now - s->next_ns;
			build(buf[nb], *cur, s);
			seq[nb] = s->seq++;
			s->sent++;
			iov[nb].iov_base = buf[nb];
			iov[nb].iov_len = PKT_LEN;
			msg[nb].msg_hdr.msg_iov = &iov[nb];
			msg[nb].msg_hdr.msg_iovlen = 1;
			msg[nb].msg_hdr.msg_name = &s->dst;
			msg[nb].msg_hdr.msg_namelen = sizeof(s->dst);
			who[nb++] = *cur;
			s->next_ns += PTIME_NS;
			*cur = (*cur + 1) % L->n;
		}
		if (nb && (nb == BATCH || !due)) {
			uint64_t t = now_ns();
			unsigned done = 0;
			int r;

			for (j = 0; j < nb; j++) {
				struct stream *w = &L->st[who[j]];
				unsigned slot = seq[j] % WIN;

				w->sent_ns[slot] = t;
				w->sent_seq[slot] = seq[j];
				w->got[slot] = false;
			}
			while (done < nb) {
				r = sendmmsg(L->txfd, msg + done, nb - done, 0);
				if (r <= 0) {
					if (errno == EINTR)
						continue;
					done++; /* counted as sent, so it shows as lost */
					continue;
				}
				done += (unsigned)r;
			}
			nb = 0;
		}
		if (!due)
			return;
	}
}

static void account(struct load *L, const uint8_t *p, size_t len, uint64_t rx_ns)
{
	uint32_t ssrc;
	uint16_t seq;
	unsigned i, slot, k;
	struct stream *s;

	if (len < 12 || (p[0] & 0xc0) != 0x80) {
		L->foreign++;
		return;
	}
	ssrc = (uint32_t)p[8] << 24 | (uint32_t)p[9] << 16 | (uint32_t)p[10] << 8 | p[11];
	i = ssrc - SSRC_BASE;
	if (i >= L->n) {
		L->foreign++;
		return;
	}
	s = &L->st[i];
	seq = (uint16_t)(p[2] << 8 | p[3]);
	slot = seq % WIN;
	if (s->sent_seq[slot] != seq || !s->sent || (uint16_t)(s->seq - seq) > WIN) {
		s->stale++; /* older than the window: later than 1.28 s */
		return;
	}
	if (s->got[slot]) {
		s->dup++;
		return;
	}
	s->got[slot] = true;
	s->recv++;
	if (s->rx_any && (int16_t)(seq - s->rx_max) < 0)
		s->reordered++;
	else
		s->rx_max = seq;
	s->rx_any = true;
	if (len != PKT_LEN || (p[1] & 0x7f) != PT_PCMA) {
		s->bad++;
	} else {
		for (k = 0; k < PAYLOAD; k++)
			if (p[12 + k] != payload_byte(i, seq, k))
				break;
		if (k < PAYLOAD)
			s->bad++;
	}
	if (rx_ns >= s->sent_ns[slot] && L->ndelay < L->cap) {
		uint64_t us = (rx_ns - s->sent_ns[slot]) / 1000;

		L->delay_us[L->ndelay++] = us > UINT32_MAX ? UINT32_MAX : (uint32_t)us;
		if (us > L->late_us)
			L->late++;
	}
}

static void recv_all(struct load *L)
{
	static uint8_t buf[BATCH][2048];
	static char ctl[BATCH][CMSG_SPACE(sizeof(struct timespec))];
	struct mmsghdr msg[BATCH];
	struct iovec iov[BATCH];
	int n, j;

	for (;;) {
		memset(msg, 0, sizeof(msg));
		for (j = 0; j < BATCH; j++) {
			iov[j].iov_base = buf[j];
			iov[j].iov_len = sizeof(buf[j]);
			msg[j].msg_hdr.msg_iov = &iov[j];
			msg[j].msg_hdr.msg_iovlen = 1;
			msg[j].msg_hdr.msg_control = ctl[j];
			msg[j].msg_hdr.msg_controllen = sizeof(ctl[j]);
		}
		n = recvmmsg(L->rxfd, msg, BATCH, MSG_DONTWAIT, NULL);
		if (n <= 0)
			return;
		for (j = 0; j < n; j++) {
			struct cmsghdr *c = CMSG_FIRSTHDR(&msg[j].msg_hdr);
			uint64_t t = 0;

			for (; c; c = CMSG_NXTHDR(&msg[j].msg_hdr, c)) {
				if (c->cmsg_level == SOL_SOCKET && c->cmsg_type == SO_TIMESTAMPNS) {
					struct timespec ts;

					memcpy(&ts, CMSG_DATA(c), sizeof(ts));
					t = (uint64_t)ts.tv_sec * 1000000000ull + (uint64_t)ts.tv_nsec;
				}
			}
			account(L, buf[j], msg[j].msg_len, t ? t : now_ns());
		}
	}
}

static int udp_bind(const char *ip, unsigned port, int buf)
{
	struct sockaddr_in sin = {.sin_family = AF_INET, .sin_port = htons((uint16_t)port)};
	int fd = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0), one = 1;

	if (fd < 0 || inet_pton(AF_INET, ip, &sin.sin_addr) != 1)
		return -EINVAL;
	/* as root the buffers may exceed the sysctl limits; else take what there is */
	if (setsockopt(fd, SOL_SOCKET, SO_RCVBUFFORCE, &buf, sizeof(buf)) < 0)
		setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &buf, sizeof(buf));
	if (setsockopt(fd, SOL_SOCKET, SO_SNDBUFFORCE, &buf, sizeof(buf)) < 0)
		setsockopt(fd, SOL_SOCKET, SO_SNDBUF, &buf, sizeof(buf));
	setsockopt(fd, SOL_SOCKET, SO_TIMESTAMPNS, &one, sizeof(one));
	if (bind(fd, (struct sockaddr *)&sin, sizeof(sin)) < 0) {
		close(fd);
		return -errno;
	}
	return fd;
}

/* each stream a call: offer from our send port, answer with our receive port */
static int ng_setup(struct load *L, struct ng *ng, const char *local, unsigned txport,
		    unsigned rxport)
{
	char sdp[512], out[4096], cid[64], ft[32], tt[32];
	unsigned i;
	int err;

	for (i = 0; i < L->n; i++) {
		snprintf(cid, sizeof(cid), "rtpload-%d-%u", (int)getpid(), i);
		snprintf(ft, sizeof(ft), "f%u", i);
		snprintf(tt, sizeof(tt), "t%u", i);
		snprintf(sdp, sizeof(sdp),
			 "v=0\r\no=- %u 1 IN IP4 %s\r\ns=-\r\nc=IN IP4 %s\r\nt=0 0\r\n"
			 "m=audio %u RTP/AVP 8\r\na=rtpmap:8 PCMA/8000\r\na=sendrecv\r\n",
			 i + 1, local, local, txport);
		err = ng_offer_answer(ng, cid, ft, NULL, sdp, out, sizeof(out));
		if (err)
			return err;
		snprintf(sdp, sizeof(sdp),
			 "v=0\r\no=- %u 1 IN IP4 %s\r\ns=-\r\nc=IN IP4 %s\r\nt=0 0\r\n"
			 "m=audio %u RTP/AVP 8\r\na=rtpmap:8 PCMA/8000\r\na=sendrecv\r\n",
			 i + 100001, local, local, rxport);
		err = ng_offer_answer(ng, cid, ft, tt, sdp, out, sizeof(out));
		if (err)
			return err;
		/* the answer as rewritten for the caller: where the caller sends */
		err = ng_sdp_media_addr(out, &L->st[i].dst);
		if (err)
			return err;
	}
	return 0;
}

static void ng_teardown(struct load *L, struct ng *ng)
{
	char cid[64];
	unsigned i;

	for (i = 0; i < L->n; i++) {
		snprintf(cid, sizeof(cid), "rtpload-%d-%u", (int)getpid(), i);
		ng_delete(ng, cid);
	}
}

static int cmp_u32(const void *a, const void *b)
{
	uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;

	return x < y ? -1 : x > y;
}

static uint32_t pct(const struct load *L, double p)
{
	size_t i;

	if (!L->ndelay)
		return 0;
	i = (size_t)(p * (double)(L->ndelay - 1) + 0.5);
	return L->delay_us[i];
}

static void usage(void)
{
	fprintf(stderr,
		"usage: rtpload -n STREAMS -l LOCAL_IP [-T TX_PORT] [-R RX_PORT] [-d SECONDS]\n"
		"               (-t TARGET_IP -p TARGET_BASE [-s STEP] | -g NG_IP:PORT)\n"
		"               [-L LATE_MS] [-x] [-C PID]\n"
		"  -x  exit 1 unless every packet came back once, in order, byte-exact\n"
		"  -C  report CPU time and RSS of process PID (the relay) over the run\n");
	exit(2);
}

int main(int argc, char **argv)
{
	struct load L = {.late_us = 20000};
	const char *local = NULL, *target = NULL, *ngaddr = NULL;
	unsigned txport = 40000, rxport = 40002, base = 0, step = 4, secs = 5, i, cur = 0;
	uint64_t t0, end, sent = 0, recv = 0, dup = 0, reord = 0, bad = 0, stale = 0;
	bool strict = false, measured = false;
	int cpu_pid = 0;
	uint64_t cpu0 = 0, cpu1 = 0, self0 = 0, self1 = 0, win0 = 0, win1 = 0, rss = 0;
	struct ng ng;
	struct rlimit rl = {.rlim_cur = RLIM_INFINITY, .rlim_max = RLIM_INFINITY};
	int c, err;

	while ((c = getopt(argc, argv, "n:l:T:R:d:t:p:s:g:L:xC:")) != -1) {
		switch (c) {
		case 'n': L.n = (unsigned)atoi(optarg); break;
		case 'l': local = optarg; break;
		case 'T': txport = (unsigned)atoi(optarg); break;
		case 'R': rxport = (unsigned)atoi(optarg); break;
		case 'd': secs = (unsigned)atoi(optarg); break;
		case 't': target = optarg; break;
		case 'p': base = (unsigned)atoi(optarg); break;
		case 's': step = (unsigned)atoi(optarg); break;
		case 'g': ngaddr = optarg; break;
		case 'L': L.late_us = (uint64_t)atoi(optarg) * 1000; break;
		case 'x': strict = true; break;
		case 'C': cpu_pid = atoi(optarg); break;
		default: usage();
		}
	}
	if (!L.n || !local || !secs || (!ngaddr && (!target || !base)))
		usage();
	setrlimit(RLIMIT_MEMLOCK, &rl);
	L.st = calloc(L.n, sizeof(*L.st));
	L.cap = (size_t)L.n * (secs * 50 + 50);
	L.delay_us = malloc(L.cap * sizeof(*L.delay_us));
	if (!L.st || !L.delay_us)
		return 2;
	L.txfd = udp_bind(local, txport, 8 << 20);
	L.rxfd = udp_bind(local, rxport, 8 << 20);
	if (L.txfd < 0 || L.rxfd < 0) {
		fprintf(stderr, "rtpload: bind %s:%u/%u: %s\n", local, txport, rxport,
			strerror(-(L.txfd < 0 ? L.txfd : L.rxfd)));
		return 2;
	}
	if (ngaddr) {
		err = ng_open(&ng, ngaddr);
		if (!err)
			err = ng_setup(&L, &ng, local, txport, rxport);
		if (err) {
			fprintf(stderr, "rtpload: rtpengine %s: %s\n", ngaddr, strerror(-err));
			return 2;
		}
	} else {
		for (i = 0; i < L.n; i++) {
			L.st[i].dst.sin_family = AF_INET;
			L.st[i].dst.sin_port = htons((uint16_t)(base + step * i));
			if (inet_pton(AF_INET, target, &L.st[i].dst.sin_addr) != 1)
				usage();
		}
	}

	t0 = now_ns() + 10000000ull;
	for (i = 0; i < L.n; i++)
		L.st[i].next_ns = t0 + PTIME_NS * i / L.n;
	end = t0 + secs * 1000000000ull;
	for (;;) {
		uint64_t now = now_ns(), wake;
		struct pollfd pfd = {.fd = L.rxfd, .events = POLLIN};
		struct timespec to;

		if (!win0 && now >= t0) {
			win0 = now;
			cpu0 = cpu_pid ? proc_cpu_ms(cpu_pid) : 0;
			self0 = proc_cpu_ms(getpid());
		}
		if (now < end) {
			send_due(&L, &cur, now);
		} else if (!measured) {
			measured = true;
			win1 = now;
			cpu1 = cpu_pid ? proc_cpu_ms(cpu_pid) : 0;
			self1 = proc_cpu_ms(getpid());
			rss = cpu_pid ? proc_rss_kb(cpu_pid) : 0;
		}
		recv_all(&L);
		if (now >= end + 300000000ull)
			break; /* 300 ms for the last packets to come back */
		/* 1 ms ticks: packets due within the tick go out in one batch */
		wake = L.st[cur].next_ns;
		if (wake < now + 1000000)
			wake = now + 1000000;
		to.tv_sec = 0;
		to.tv_nsec = (long)(wake - now);
		ppoll(&pfd, 1, &to, NULL);
	}
	if (ngaddr) {
		ng_teardown(&L, &ng);
		ng_close(&ng);
	}

	for (i = 0; i < L.n; i++) {
		sent += L.st[i].sent;
		recv += L.st[i].recv;
		dup += L.st[i].dup;
		reord += L.st[i].reordered;
		bad += L.st[i].bad;
		stale += L.st[i].stale;
	}
	qsort(L.delay_us, L.ndelay, sizeof(*L.delay_us), cmp_u32);
	printf("rtpload: %u streams %u s: sent %llu received %llu lost %llu (%.3f%%) late %llu "
	       "(> %llu ms) reordered %llu dup %llu bad %llu; delay us p50 %u p99 %u p99.9 %u "
	       "max %u; send lag max %llu us\n",
	       L.n, secs, (unsigned long long)sent, (unsigned long long)recv,
	       (unsigned long long)(sent - recv), sent ? 100.0 * (double)(sent - recv) / (double)sent : 0,
	       (unsigned long long)(L.late + stale), (unsigned long long)L.late_us / 1000,
	       (unsigned long long)reord, (unsigned long long)dup, (unsigned long long)bad,
	       pct(&L, 0.5), pct(&L, 0.99), pct(&L, 0.999), pct(&L, 1.0),
	       (unsigned long long)L.send_lag_max_ns / 1000);
	printf("RESULT streams=%u sent=%llu recv=%llu lost=%llu late=%llu reordered=%llu dup=%llu "
	       "bad=%llu foreign=%llu p50_us=%u p99_us=%u p999_us=%u max_us=%u "
	       "window_ms=%llu cpu_ms=%llu self_cpu_ms=%llu rss_kb=%llu\n",
	       L.n, (unsigned long long)sent, (unsigned long long)recv,
	       (unsigned long long)(sent - recv), (unsigned long long)(L.late + stale),
	       (unsigned long long)reord, (unsigned long long)dup, (unsigned long long)bad,
	       (unsigned long long)L.foreign, pct(&L, 0.5), pct(&L, 0.99), pct(&L, 0.999),
	       pct(&L, 1.0), (unsigned long long)(win1 - win0) / 1000000,
	       (unsigned long long)(cpu1 - cpu0), (unsigned long long)(self1 - self0),
	       (unsigned long long)rss);
	free(L.st);
	free(L.delay_us);
	close(L.txfd);
	close(L.rxfd);
	if (strict && (sent != recv || dup || reord || bad || stale || L.foreign))
		return 1;
	return 0;
}
