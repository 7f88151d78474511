// SPDX-License-Identifier: GPL-2.0-only
/*
 * XDP program of the AF_XDP media engine (media_io_xdp.c): an IPv4 UDP
 * packet to one of our addresses, on a port a media stream owns, goes to
 * the AF_XDP socket of the queue it arrived on. Everything else (ARP,
 * ICMP, SIP, other ports, fragments, IP options, IPv6) passes to the
 * kernel, and so does a stream packet when no socket listens on its queue:
 * the stream's kernel socket stays bound and gets it.
 *
 * Compiled with clang -target bpf; the engine fills the maps.
 */
#include <linux/bpf.h>
#include <linux/if_ether.h>
#include <linux/in.h>
#include <linux/ip.h>
#include <linux/udp.h>
#include <bpf/bpf_endian.h>
#include <bpf/bpf_helpers.h>

#define MEDIA_XDP_MAX_ADDRS 8 /* MEDIA_IO_MAX_ADDRS */
#define IP_MF_OFFSET 0x3fff

/* RX queue -> AF_XDP socket */
struct {
	__uint(type, BPF_MAP_TYPE_XSKMAP);
	__uint(max_entries, 64);
	__type(key, __u32);
	__type(value, __u32);
} xsks SEC(".maps");

/* UDP port (host order) -> 1 while a stream owns it */
struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 65536);
	__type(key, __u32);
	__type(value, __u8);
} ports SEC(".maps");

/* our IPv4 addresses (network order); the first 0 ends the list */
struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, MEDIA_XDP_MAX_ADDRS);
	__type(key, __u32);
	__type(value, __u32);
} addrs SEC(".maps");

SEC("xdp")
int media_xdp(struct xdp_md *ctx)
{
	void *data = (void *)(long)ctx->data;
	void *end = (void *)(long)ctx->data_end;
	struct ethhdr *eth = data;
	struct iphdr *ip;
	struct udphdr *udp;
	__u32 key, i;
	__u8 *owned;

	if ((void *)(eth + 1) > end || eth->h_proto != bpf_htons(ETH_P_IP))
		return XDP_PASS;
	ip = (void *)(eth + 1);
	if ((void *)(ip + 1) > end || ip->ihl != 5 || ip->protocol != IPPROTO_UDP ||
	    (ip->frag_off & bpf_htons(IP_MF_OFFSET)))
		return XDP_PASS;
	udp = (void *)(ip + 1);
	if ((void *)(udp + 1) > end)
		return XDP_PASS;
	key = bpf_ntohs(udp->dest);
	owned = bpf_map_lookup_elem(&ports, &key);
	if (!owned || !*owned)
		return XDP_PASS;
	for (i = 0; i < MEDIA_XDP_MAX_ADDRS; i++) {
		__u32 *a = bpf_map_lookup_elem(&addrs, &i);

		if (!a || !*a)
			return XDP_PASS;
		if (*a == ip->daddr)
			return bpf_redirect_map(&xsks, ctx->rx_queue_index, XDP_PASS);
	}
	return XDP_PASS;
}

char _license[] SEC("license") = "GPL";
