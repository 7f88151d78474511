// SPDX-License-Identifier: GPL-2.0-only
/* Registry of the TDM backends compiled in, and channel-numbering helpers. */
#include <string.h>

#include "config.h"
#include "tdm.h"

extern const struct tdm_backend_ops tdm_sim_ops;
extern const struct tdm_backend_ops tdm_dahdi_ops;

/* A backend left out by Kconfig folds to NULL and is never referenced. */
static const struct tdm_backend_ops *const backends[] = {
	IS_ENABLED(CONFIG_BACKEND_SIM) ? &tdm_sim_ops : NULL,
	IS_ENABLED(CONFIG_BACKEND_DAHDI) ? &tdm_dahdi_ops : NULL,
};

#define NBACKENDS (sizeof(backends) / sizeof(backends[0]))

const struct tdm_backend_ops *tdm_backend_find(const char *name)
{
	size_t i;

	for (i = 0; i < NBACKENDS; i++) {
		const struct tdm_backend_ops *ops = backends[i];

		if (ops && !strcmp(ops->name, name))
			return ops;
	}
	return NULL;
}

const char *tdm_backend_names(void)
{
	static char names[64];
	size_t i;

	names[0] = '\0';
	for (i = 0; i < NBACKENDS; i++) {
		const struct tdm_backend_ops *ops = backends[i];

		if (!ops)
			continue;
		if (names[0])
			strcat(names, ", ");
		strcat(names, ops->name);
	}
	return names;
}

int tdm_dchan(enum tdm_framing framing)
{
	return framing == TDM_E1 ? 16 : 24;
}

int tdm_nchans(enum tdm_framing framing)
{
	return framing == TDM_E1 ? 31 : 24;
}

int tdm_is_bchan(enum tdm_framing framing, int chan)
{
	return chan >= 1 && chan <= tdm_nchans(framing) && chan != tdm_dchan(framing);
}

uint8_t tdm_idle_byte(enum tdm_law law)
{
	return law == TDM_ALAW ? 0xd5 : 0xff;
}
