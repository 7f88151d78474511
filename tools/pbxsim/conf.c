// SPDX-License-Identifier: GPL-2.0-only
/* pbxsim configuration: [pbxsim] and [dialplan] from an INI file, checked key by key. */
#include <errno.h>
#include <iniparser.h>
#include <libpri.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "pbxsim.h"

struct conf_ctx {
	struct pbx_conf *conf;
	const char *file;
	const char *sec;
	char *err;
	size_t errlen;
	bool law_set;
	bool hunt_set;
};

static int bad(struct conf_ctx *c, const char *key, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static int bad(struct conf_ctx *c, const char *key, const char *fmt, ...)
{
	char what[384];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(what, sizeof(what), fmt, ap);
	va_end(ap);
	if (key)
		snprintf(c->err, c->errlen, "%s: [%s] %s: %s", c->file, c->sec, key, what);
	else
		snprintf(c->err, c->errlen, "%s: [%s]: %s", c->file, c->sec, what);
	return -EINVAL;
}

/* index of val in names, or an error listing them */
static int choice(struct conf_ctx *c, const char *key, const char *val,
		  const char *const *names, int n, int *out)
{
	char allowed[160] = "";
	int i;

	for (i = 0; i < n; i++) {
		if (!strcasecmp(val, names[i])) {
			*out = i;
			return 0;
		}
		snprintf(allowed + strlen(allowed), sizeof(allowed) - strlen(allowed), "%s%s",
			 i ? ", " : "", names[i]);
	}
	return bad(c, key, "'%s' is not valid (allowed: %s)", val, allowed);
}

static int k_node(struct conf_ctx *c, const char *k, const char *v)
{
	static const char *const names[] = {"user", "network"};
	int i = 0, err = choice(c, k, v, names, 2, &i);

	if (!err)
		c->conf->node = i ? PRI_NETWORK : PRI_CPE;
	return err;
}

static int k_switchtype(struct conf_ctx *c, const char *k, const char *v)
{
	int t = isdn_switchtype_parse(v);

	if (t < 0)
		return bad(c, k, "'%s' is not valid (allowed: euroisdn, ni2, dms100, lucent5e, "
				 "4ess, qsig)", v);
	c->conf->switchtype = t;
	return 0;
}

static int k_framing(struct conf_ctx *c, const char *k, const char *v)
{
	static const char *const names[] = {"e1", "t1"};
	int i = 0, err = choice(c, k, v, names, 2, &i);

	if (!err)
		c->conf->framing = i ? TDM_T1 : TDM_E1;
	return err;
}

static int k_law(struct conf_ctx *c, const char *k, const char *v)
{
	static const char *const names[] = {"alaw", "ulaw"};
	int i = 0, err = choice(c, k, v, names, 2, &i);

	if (!err) {
		c->conf->law = i ? TDM_ULAW : TDM_ALAW;
		c->law_set = true;
	}
	return err;
}

static int k_hunt(struct conf_ctx *c, const char *k, const char *v)
{
	static const char *const names[] = {"ascending", "descending"};
	int i = 0, err = choice(c, k, v, names, 2, &i);

	if (!err) {
		c->conf->hunt = i ? ISDN_HUNT_DESCENDING : ISDN_HUNT_ASCENDING;
		c->hunt_set = true;
	}
	return err;
}

static int k_backend(struct conf_ctx *c, const char *k, const char *v)
{
	if (!tdm_backend_find(v))
		return bad(c, k, "'%s' is not a backend compiled in (allowed: %s)", v,
			   tdm_backend_names());
	snprintf(c->conf->backend, sizeof(c->conf->backend), "%s", v);
	return 0;
}

static int path_key(struct conf_ctx *c, const char *k, const char *v, char *dst, size_t size)
{
	if (!*v || strlen(v) >= size)
		return bad(c, k, "'%s' is not usable (allowed: a socket path of 1-%zu characters)",
			   v, size - 1);
	strcpy(dst, v);
	return 0;
}

static int k_cable(struct conf_ctx *c, const char *k, const char *v)
{
	return path_key(c, k, v, c->conf->cable, sizeof(c->conf->cable));
}

static int k_control(struct conf_ctx *c, const char *k, const char *v)
{
	return path_key(c, k, v, c->conf->control, sizeof(c->conf->control));
}

static int k_listen(struct conf_ctx *c, const char *k, const char *v)
{
	static const char *const names[] = {"no", "yes", "false", "true", "0", "1", "off", "on"};
	int i = 0, err = choice(c, k, v, names, 8, &i);

	if (!err)
		c->conf->listen = i & 1;
	return err;
}

static int k_debug(struct conf_ctx *c, const char *k, const char *v)
{
	static const char *const names[] = {"0", "1"};
	int i = 0, err = choice(c, k, v, names, 2, &i);

	if (!err)
		c->conf->debug = i;
	return err;
}

static int k_tonezone(struct conf_ctx *c, const char *k, const char *v)
{
	const struct tone_zone *const *z;
	char allowed[160] = "";

	if (!tone_zone_find(v, &c->conf->tonezone))
		return 0;
	for (z = tone_zones(); *z; z++)
		snprintf(allowed + strlen(allowed), sizeof(allowed) - strlen(allowed), "%s%s",
			 z == tone_zones() ? "" : ", ", (*z)->name);
	return bad(c, k, "'%s' is not a tone zone (allowed: %s)", v, allowed);
}

static const struct {
	const char *name;
	int (*h)(struct conf_ctx *c, const char *k, const char *v);
} pbxsim_keys[] = {
	{"node", k_node},       {"switchtype", k_switchtype}, {"framing", k_framing},
	{"law", k_law},         {"hunt", k_hunt},             {"backend", k_backend},
	{"cable", k_cable},     {"listen", k_listen},         {"control", k_control},
	{"debug", k_debug},     {"tonezone", k_tonezone},
};

#define NKEYS (sizeof(pbxsim_keys) / sizeof(pbxsim_keys[0]))

static const char *keys_allowed(void)
{
	static char buf[160];
	size_t i;

	buf[0] = '\0';
	for (i = 0; i < NKEYS; i++)
		snprintf(buf + strlen(buf), sizeof(buf) - strlen(buf), "%s%s", i ? ", " : "",
			 pbxsim_keys[i].name);
	return buf;
}

static int pbxsim_key(struct conf_ctx *c, const char *key, const char *val)
{
	size_t i;

	for (i = 0; i < NKEYS; i++)
		if (!strcmp(key, pbxsim_keys[i].name))
			return pbxsim_keys[i].h(c, key, val);
	return bad(c, key, "unknown key (allowed: %s)", keys_allowed());
}

static bool number_ok(const char *s)
{
	if (!*s || strlen(s) >= PBX_NUM_MAX)
		return false;
	for (; *s; s++)
		if (!strchr("0123456789*#+", *s))
			return false;
	return true;
}

static int dialplan_key(struct conf_ctx *c, const char *key, const char *val)
{
	struct pbx_conf *conf = c->conf;
	struct pbx_action a;
	char why[256];

	if (strcmp(key, "default") && !number_ok(key))
		return bad(c, key, "not a number (allowed: 1-%d of 0-9 * # +, or 'default')",
			   PBX_NUM_MAX - 1);
	if (pbx_action_parse(&a, val, why, sizeof(why)))
		return bad(c, key, "%s", why);
	if (!strcmp(key, "default")) {
		conf->dflt = a;
		return 0;
	}
	if (conf->nroutes == PBX_DIALPLAN_MAX)
		return bad(c, key, "too many numbers (allowed: up to %d)", PBX_DIALPLAN_MAX);
	snprintf(conf->routes[conf->nroutes].number, PBX_NUM_MAX, "%s", key);
	conf->routes[conf->nroutes].action = a;
	conf->nroutes++;
	return 0;
}

static int load_section(struct conf_ctx *c, dictionary *d, const char *sec,
			int (*h)(struct conf_ctx *c, const char *key, const char *val))
{
	int i, n = iniparser_getsecnkeys(d, sec), err = 0;
	const char **keys;
	size_t plen = strlen(sec) + 1;

	if (n <= 0)
		return 0;
	keys = calloc((size_t)n, sizeof(*keys));
	if (!keys)
		return -ENOMEM;
	iniparser_getseckeys(d, sec, keys);
	c->sec = sec;
	for (i = 0; i < n && !err; i++) {
		const char *val = iniparser_getstring(d, keys[i], "");

		err = h(c, keys[i] + plen, val);
	}
	free(keys);
	return err;
}

void pbx_conf_defaults(struct pbx_conf *conf)
{
	memset(conf, 0, sizeof(*conf));
	conf->node = PRI_CPE;
	conf->switchtype = PRI_SWITCH_EUROISDN_E1;
	conf->framing = TDM_E1;
	conf->law = TDM_ALAW;
	conf->hunt = ISDN_HUNT_DESCENDING;
	snprintf(conf->backend, sizeof(conf->backend), "sim");
	snprintf(conf->cable, sizeof(conf->cable), "%s", PBX_CABLE_DEFAULT);
	snprintf(conf->control, sizeof(conf->control), "%s", PBX_CTL_DEFAULT);
	tone_zone_find("etsi", &conf->tonezone);
	conf->dflt.act = PBX_ACT_REJECT;
	conf->dflt.cause = CAUSE_UNALLOCATED;
}

int pbx_conf_load(struct pbx_conf *conf, const char *path, char *err, size_t errlen)
{
	struct conf_ctx c = {.conf = conf, .file = path, .err = err, .errlen = errlen};
	dictionary *d;
	FILE *f;
	int i, n, ret = 0;

	pbx_conf_defaults(conf);
	f = fopen(path, "r");
	if (!f) {
		snprintf(err, errlen, "%s: %s", path, strerror(errno));
		return -errno;
	}
	fclose(f);
	d = iniparser_load(path);
	if (!d) {
		snprintf(err, errlen, "%s: not a valid INI file", path);
		return -EINVAL;
	}
	n = iniparser_getnsec(d);
	for (i = 0; i < n && !ret; i++) {
		const char *sec = iniparser_getsecname(d, i);

		if (!strcmp(sec, "pbxsim")) {
			ret = load_section(&c, d, sec, pbxsim_key);
		} else if (!strcmp(sec, "dialplan")) {
			ret = load_section(&c, d, sec, dialplan_key);
		} else {
			c.sec = sec;
			ret = bad(&c, NULL, "unknown section (allowed: pbxsim, dialplan)");
		}
	}
	iniparser_freedict(d);
	if (ret)
		return ret;
	/* T1 lines speak mu-law unless told otherwise */
	if (!c.law_set && conf->framing == TDM_T1)
		conf->law = TDM_ULAW;
	/* the two ends hunt from opposite ends of the span to make glare rare */
	if (!c.hunt_set)
		conf->hunt = conf->node == PRI_NETWORK ? ISDN_HUNT_ASCENDING
						       : ISDN_HUNT_DESCENDING;
	return 0;
}

const char *pbx_node_name(int node)
{
	return node == PRI_NETWORK ? "network" : "user";
}

const char *pbx_law_name(enum tdm_law law)
{
	return law == TDM_ULAW ? "ulaw" : "alaw";
}
