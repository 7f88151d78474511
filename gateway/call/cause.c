// SPDX-License-Identifier: GPL-2.0-only
/*
 * Clearing-cause mapping between ISDN (Q.850) and SIP, as the tables of
 * RFC 3398 give it. Values not in the tables map by class.
 */
#include <stddef.h>

#include "cause.h"

struct cause_row {
	int cause;
	int status;
};

/* RFC 3398 section 8.2.6.1: ISUP cause value -> SIP response */
static const struct cause_row q850_to_sip[] = {
	{1, 404},   {2, 404},   {3, 404},   {17, 486},  {18, 408},  {19, 480},  {20, 480},
	{21, 403},  {22, 410},  {23, 410},  {26, 404},  {27, 502},  {28, 484},  {29, 501},
	{31, 480},  {34, 503},  {38, 503},  {41, 503},  {42, 503},  {47, 503},  {55, 403},
	{57, 403},  {58, 503},  {65, 488},  {70, 488},  {79, 501},  {87, 403},  {88, 503},
	{102, 504}, {111, 500}, {127, 500},
};

struct status_row {
	int status;
	int cause;
};

/* RFC 3398 section 7.2.4.1: SIP response -> ISUP cause value */
static const struct status_row sip_to_q850[] = {
	{400, 41},  {401, 21},  {402, 21},  {403, 21},  {404, 1},   {405, 63},  {406, 79},
	{407, 21},  {408, 102}, {410, 22},  {413, 127}, {414, 127}, {415, 79},  {416, 127},
	{420, 127}, {421, 127}, {423, 127}, {480, 18},  {481, 41},  {482, 25},  {483, 25},
	{484, 28},  {485, 1},   {486, 17},  {487, 127}, {488, 127}, {500, 41},  {501, 79},
	{502, 38},  {503, 41},  {504, 102}, {505, 127}, {513, 127}, {600, 17},  {603, 21},
	{604, 1},   {606, 58},
};

#define N(a) (sizeof(a) / sizeof((a)[0]))

int cause_to_sip(int cause)
{
	size_t i;

	for (i = 0; i < N(q850_to_sip); i++)
		if (q850_to_sip[i].cause == cause)
			return q850_to_sip[i].status;
	/* normal class (1-31) without a row: the callee did not take the call */
	if (cause > 0 && cause <= 31)
		return 480;
	return 500;
}

int sip_to_cause(int status)
{
	size_t i;

	for (i = 0; i < N(sip_to_q850); i++)
		if (sip_to_q850[i].status == status)
			return sip_to_q850[i].cause;
	if (status >= 600)
		return 31;
	return 127;
}

const char *cause_text(int cause)
{
	static const struct {
		int cause;
		const char *text;
	} t[] = {
		{1, "Unallocated (unassigned) number"},
		{3, "No route to destination"},
		{16, "Normal call clearing"},
		{17, "User busy"},
		{18, "No user responding"},
		{19, "No answer from user"},
		{21, "Call rejected"},
		{22, "Number changed"},
		{27, "Destination out of order"},
		{28, "Invalid number format"},
		{31, "Normal, unspecified"},
		{34, "No circuit/channel available"},
		{38, "Network out of order"},
		{41, "Temporary failure"},
		{42, "Switching equipment congestion"},
		{44, "Requested channel not available"},
		{58, "Bearer capability not presently available"},
		{65, "Bearer capability not implemented"},
		{88, "Incompatible destination"},
		{102, "Recovery on timer expiry"},
		{127, "Interworking, unspecified"},
	};
	size_t i;

	for (i = 0; i < N(t); i++)
		if (t[i].cause == cause)
			return t[i].text;
	return "Unknown cause";
}
