/* SPDX-License-Identifier: GPL-2.0-only */
/* ITU-T G.711 A-law and mu-law: coding, decoding and law conversion. */
#ifndef PRIGATE_G711_H
#define PRIGATE_G711_H

#include <stddef.h>
#include <stdint.h>

enum g711_law { G711_ALAW, G711_ULAW };

/* 16-bit linear <-> line code, as transmitted (A-law even bits inverted) */
uint8_t g711_lin2alaw(int16_t pcm);
int16_t g711_alaw2lin(uint8_t code);
uint8_t g711_lin2ulaw(int16_t pcm);
int16_t g711_ulaw2lin(uint8_t code);

/* G.711 tables 3 and 4: A-law <-> mu-law without going through linear */
uint8_t g711_alaw2ulaw(uint8_t code);
uint8_t g711_ulaw2alaw(uint8_t code);
/* dst may equal src */
void g711_alaw2ulaw_buf(uint8_t *dst, const uint8_t *src, size_t n);
void g711_ulaw2alaw_buf(uint8_t *dst, const uint8_t *src, size_t n);

/* the idle/silence code: 0xd5 A-law, 0xff mu-law */
uint8_t g711_silence(enum g711_law law);

/* the digital milliwatt (G.711 tables 5 and 6): 1 kHz at 0 dBm0, repeated */
#define G711_MILLIWATT_LEN 8
const uint8_t *g711_milliwatt(enum g711_law law);

#endif
