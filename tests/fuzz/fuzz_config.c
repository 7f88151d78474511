// SPDX-License-Identifier: GPL-2.0-only
/*
 * libFuzzer harness: any configuration file is either loaded or refused
 * with a message in the documented form, never a crash.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "config/config.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct config cfg;
	char path[64], err[512];
	FILE *f;

	snprintf(path, sizeof(path), "/tmp/fuzz_config.%d.ini", (int)getpid());
	f = fopen(path, "wb");
	if (!f)
		return 0;
	fwrite(data, 1, size, f);
	fclose(f);
	err[0] = '\0';
	if (config_load(&cfg, path, err, sizeof(err)) && strncmp(err, path, strlen(path)))
		abort(); /* every refusal names the file first */
	unlink(path);
	return 0;
}
