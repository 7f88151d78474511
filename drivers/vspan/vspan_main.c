// SPDX-License-Identifier: GPL-2.0
/*
 * vspan: module parameters, init and exit.
 *
 * Loads with `pairs` back-to-back span pairs of the `framing` type; more are
 * created and destroyed through /sys/class/vspan/{create,destroy}.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/module.h>
#include <linux/moduleparam.h>
#include <linux/string.h>

#include "vspan.h"

static unsigned int pairs = 1;
module_param(pairs, uint, 0444);
MODULE_PARM_DESC(pairs, "Span pairs created at load time (default 1)");

static char *framing = "e1";
module_param(framing, charp, 0444);
MODULE_PARM_DESC(framing, "Span type of pairs: e1 (default) or t1");

static struct vspan_ctx vspan;

static int __init vspan_init(void)
{
	unsigned int i;
	int ret;

	if (!strcmp(framing, "t1")) {
		vspan.default_t1 = true;
	} else if (strcmp(framing, "e1")) {
		pr_err("framing=%s: must be e1 or t1\n", framing);
		return -EINVAL;
	}
	if (pairs > VSPAN_MAX_PAIRS) {
		pr_err("pairs=%u: at most %d\n", pairs, VSPAN_MAX_PAIRS);
		return -EINVAL;
	}

	spin_lock_init(&vspan.pairs_lock);
	INIT_LIST_HEAD(&vspan.pairs);
	mutex_init(&vspan.cfg_lock);

	ret = vspan_sysfs_init(&vspan);
	if (ret)
		return ret;

	vspan_timer_start(&vspan);

	for (i = 0; i < pairs; i++) {
		ret = vspan_pair_create(&vspan, vspan.default_t1);
		if (ret < 0)
			goto err_destroy_pairs;
	}
	pr_info("%u %s pair(s), 1 ms hrtimer\n", pairs,
		vspan.default_t1 ? "T1" : "E1");
	return 0;

err_destroy_pairs:
	vspan_pair_destroy_all(&vspan);
	vspan_timer_stop(&vspan);
	vspan_sysfs_exit(&vspan);
	return ret;
}

static void __exit vspan_exit(void)
{
	vspan_pair_destroy_all(&vspan);
	vspan_timer_stop(&vspan);
	vspan_sysfs_exit(&vspan);
	pr_info("unloaded\n");
}

module_init(vspan_init);
module_exit(vspan_exit);

MODULE_DESCRIPTION("Back-to-back virtual E1/T1 span pairs for DAHDI");
MODULE_AUTHOR("prigate developers");
MODULE_LICENSE("GPL");
