/* SPDX-License-Identifier: GPL-2.0-only */
/* Levels and constants shared by the signal-processing modules (8 kHz linear PCM). */
#ifndef PRIGATE_DSP_H
#define PRIGATE_DSP_H

#define DSP_RATE 8000

/*
 * 0 dBm0 in 16-bit linear samples as g711.c scales them: A-law's overload
 * point (+3.14 dBm0) is full scale 32768, so a 0 dBm0 sine has a peak of
 * 32768 / 10^(3.14/20) and an RMS of that / sqrt(2). (mu-law's +3.17 dBm0
 * differs by 0.03 dB.)
 */
#define DSP_DBM0_PEAK 22828.0
#define DSP_DBM0_RMS 16142.0

/*
 * 0 dBov (RFC 3389 section 3): a full-scale square wave, RMS 32767.
 */
#define DSP_DBOV_RMS 32767.0

#endif
