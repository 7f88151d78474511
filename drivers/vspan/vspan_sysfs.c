// SPDX-License-Identifier: GPL-2.0
/*
 * vspan: sysfs. /sys/class/vspan/ holds create, destroy and the clock's
 * statistics; each pair is /sys/class/vspan/pairN/ with its clock offset and
 * one directory per side (a/, b/) for alarms, fault injection and counters.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/kernel.h>
#include <linux/module.h>
#include <linux/string.h>
#include <linux/sysfs.h>

#include "vspan.h"

static struct vspan_ctx *to_ctx(const struct class *cls)
{
	return container_of(cls, struct vspan_ctx, cls);
}

/* ---- /sys/class/vspan ---- */

static ssize_t create_store(struct class *cls, struct class_attribute *attr,
			    const char *buf, size_t count)
{
	struct vspan_ctx *ctx = to_ctx(cls);
	bool t1 = ctx->default_t1;
	int ret;

	if (sysfs_streq(buf, "t1"))
		t1 = true;
	else if (sysfs_streq(buf, "e1"))
		t1 = false;
	else if (!sysfs_streq(buf, "") && !sysfs_streq(buf, "1"))
		return -EINVAL;

	ret = vspan_pair_create(ctx, t1);
	return ret < 0 ? ret : count;
}
static CLASS_ATTR_WO(create);

static ssize_t destroy_store(struct class *cls, struct class_attribute *attr,
			     const char *buf, size_t count)
{
	unsigned int id;
	int ret;

	if (!strncmp(buf, "pair", 4))
		buf += 4;
	ret = kstrtouint(buf, 10, &id);
	if (ret)
		return ret;
	ret = vspan_pair_destroy(to_ctx(cls), id);
	return ret < 0 ? ret : count;
}
static CLASS_ATTR_WO(destroy);

#define VSPAN_TIMER_ATTR(_name, _field)					\
static ssize_t _name##_show(struct class *cls,				\
			    struct class_attribute *attr, char *buf)	\
{									\
	struct vspan_timer_stats ts;					\
									\
	vspan_timer_stats_get(to_ctx(cls), &ts);			\
	return sysfs_emit(buf, "%llu\n", ts._field);			\
}									\
static CLASS_ATTR_RO(_name)

VSPAN_TIMER_ATTR(ticks, ticks);
VSPAN_TIMER_ATTR(wakeups, wakeups);
VSPAN_TIMER_ATTR(missed_ticks, missed);
VSPAN_TIMER_ATTR(lost_ticks, lost);
VSPAN_TIMER_ATTR(lateness_max_ns, late_max_ns);
VSPAN_TIMER_ATTR(lateness_sum_ns, late_sum_ns);

/* One line of counts, one per bucket of lateness_bounds_us. */
static ssize_t lateness_hist_show(struct class *cls,
				  struct class_attribute *attr, char *buf)
{
	struct vspan_timer_stats ts;
	int i, len = 0;

	vspan_timer_stats_get(to_ctx(cls), &ts);
	for (i = 0; i < VSPAN_LATE_BUCKETS; i++)
		len += sysfs_emit_at(buf, len, "%llu%c", ts.hist[i],
				     i == VSPAN_LATE_BUCKETS - 1 ? '\n' : ' ');
	return len;
}
static CLASS_ATTR_RO(lateness_hist);

/* Upper bounds of the buckets, "inf" for the last. */
static ssize_t lateness_bounds_us_show(struct class *cls,
				       struct class_attribute *attr, char *buf)
{
	int i, len = 0;

	for (i = 0; i < VSPAN_LATE_BUCKETS - 1; i++)
		len += sysfs_emit_at(buf, len, "%u ", vspan_late_bounds_us[i]);
	return len + sysfs_emit_at(buf, len, "inf\n");
}
static CLASS_ATTR_RO(lateness_bounds_us);

static ssize_t stats_reset_store(struct class *cls,
				 struct class_attribute *attr,
				 const char *buf, size_t count)
{
	vspan_timer_stats_reset(to_ctx(cls));
	return count;
}
static CLASS_ATTR_WO(stats_reset);

static struct attribute *vspan_class_attrs[] = {
	&class_attr_create.attr,
	&class_attr_destroy.attr,
	&class_attr_ticks.attr,
	&class_attr_wakeups.attr,
	&class_attr_missed_ticks.attr,
	&class_attr_lost_ticks.attr,
	&class_attr_lateness_max_ns.attr,
	&class_attr_lateness_sum_ns.attr,
	&class_attr_lateness_hist.attr,
	&class_attr_lateness_bounds_us.attr,
	&class_attr_stats_reset.attr,
	NULL,
};
ATTRIBUTE_GROUPS(vspan_class);

/* ---- /sys/class/vspan/pairN ---- */

static struct vspan_pair *to_pair(struct device *dev)
{
	return container_of(dev, struct vspan_pair, dev);
}

static ssize_t framing_show(struct device *dev, struct device_attribute *attr,
			    char *buf)
{
	return sysfs_emit(buf, "%s\n", to_pair(dev)->t1 ? "t1" : "e1");
}
static DEVICE_ATTR_RO(framing);

static ssize_t clock_ppm_show(struct device *dev,
			      struct device_attribute *attr, char *buf)
{
	return sysfs_emit(buf, "%d\n", READ_ONCE(to_pair(dev)->clock_ppm));
}

static ssize_t clock_ppm_store(struct device *dev,
			       struct device_attribute *attr,
			       const char *buf, size_t count)
{
	int ppm, ret;

	ret = kstrtoint(buf, 10, &ppm);
	if (ret)
		return ret;
	if (ppm < -VSPAN_PPM_MAX || ppm > VSPAN_PPM_MAX)
		return -ERANGE;
	WRITE_ONCE(to_pair(dev)->clock_ppm, ppm);
	return count;
}
static DEVICE_ATTR_RW(clock_ppm);

static struct attribute *vspan_pair_attrs[] = {
	&dev_attr_framing.attr,
	&dev_attr_clock_ppm.attr,
	NULL,
};

static const struct attribute_group vspan_pair_group = {
	.attrs = vspan_pair_attrs,
};

/* ---- /sys/class/vspan/pairN/{a,b} ---- */

struct vspan_side_attr {
	struct device_attribute attr;
	int side;
};

static struct vspan_side *to_side(struct device *dev,
				  struct device_attribute *attr)
{
	int i = container_of(attr, struct vspan_side_attr, attr)->side;

	return &to_pair(dev)->side[i];
}

static ssize_t spanno_show(struct device *dev, struct device_attribute *attr,
			   char *buf)
{
	return sysfs_emit(buf, "%d\n", to_side(dev, attr)->span.spanno);
}

static ssize_t alarms_show(struct device *dev, struct device_attribute *attr,
			   char *buf)
{
	int a = READ_ONCE(to_side(dev, attr)->alarms);

	/* The tick reports exactly one of these at a time. */
	if (a & DAHDI_ALARM_RED)
		return sysfs_emit(buf, "RED\n");
	if (a & DAHDI_ALARM_BLUE)
		return sysfs_emit(buf, "BLUE\n");
	if (a & DAHDI_ALARM_YELLOW)
		return sysfs_emit(buf, "YELLOW\n");
	return sysfs_emit(buf, "OK\n");
}

static ssize_t vspan_bool_store(bool *field, const char *buf, size_t count)
{
	bool v;
	int ret = kstrtobool(buf, &v);

	if (ret)
		return ret;
	WRITE_ONCE(*field, v);
	return count;
}

static ssize_t red_show(struct device *dev, struct device_attribute *attr,
			char *buf)
{
	return sysfs_emit(buf, "%d\n", READ_ONCE(to_side(dev, attr)->inj_los));
}

static ssize_t red_store(struct device *dev, struct device_attribute *attr,
			 const char *buf, size_t count)
{
	return vspan_bool_store(&to_side(dev, attr)->inj_los, buf, count);
}

static ssize_t blue_show(struct device *dev, struct device_attribute *attr,
			 char *buf)
{
	return sysfs_emit(buf, "%d\n", READ_ONCE(to_side(dev, attr)->inj_ais));
}

static ssize_t blue_store(struct device *dev, struct device_attribute *attr,
			  const char *buf, size_t count)
{
	return vspan_bool_store(&to_side(dev, attr)->inj_ais, buf, count);
}

static ssize_t slip_store(struct device *dev, struct device_attribute *attr,
			  const char *buf, size_t count)
{
	struct vspan_side *s = to_side(dev, attr);

	if (sysfs_streq(buf, "drop"))
		atomic_inc(&s->slip_drop_once);
	else if (sysfs_streq(buf, "repeat"))
		atomic_inc(&s->slip_repeat_once);
	else
		return -EINVAL;
	return count;
}

static ssize_t vspan_u32_store(u32 *field, u32 max, const char *buf,
			       size_t count)
{
	u32 v;
	int ret = kstrtou32(buf, 10, &v);

	if (ret)
		return ret;
	if (v > max)
		return -ERANGE;
	WRITE_ONCE(*field, v);
	return count;
}

static ssize_t vspan_ppm_store(u32 *field, const char *buf, size_t count)
{
	return vspan_u32_store(field, 1000000, buf, count);
}

static ssize_t echo_loss_db_show(struct device *dev,
				 struct device_attribute *attr, char *buf)
{
	return sysfs_emit(buf, "%u\n",
			  READ_ONCE(to_side(dev, attr)->echo_loss_db));
}

static ssize_t echo_loss_db_store(struct device *dev,
				  struct device_attribute *attr,
				  const char *buf, size_t count)
{
	return vspan_u32_store(&to_side(dev, attr)->echo_loss_db,
			       VSPAN_ECHO_MAX_DB, buf, count);
}

static ssize_t echo_delay_ms_show(struct device *dev,
				  struct device_attribute *attr, char *buf)
{
	return sysfs_emit(buf, "%u\n",
			  READ_ONCE(to_side(dev, attr)->echo_delay_ms));
}

static ssize_t echo_delay_ms_store(struct device *dev,
				   struct device_attribute *attr,
				   const char *buf, size_t count)
{
	return vspan_u32_store(&to_side(dev, attr)->echo_delay_ms,
			       VSPAN_ECHO_MAX_MS, buf, count);
}

static ssize_t dchan_drop_ppm_show(struct device *dev,
				   struct device_attribute *attr, char *buf)
{
	return sysfs_emit(buf, "%u\n",
			  READ_ONCE(to_side(dev, attr)->dchan_drop_ppm));
}

static ssize_t dchan_drop_ppm_store(struct device *dev,
				    struct device_attribute *attr,
				    const char *buf, size_t count)
{
	return vspan_ppm_store(&to_side(dev, attr)->dchan_drop_ppm, buf,
			       count);
}

static ssize_t dchan_corrupt_ppm_show(struct device *dev,
				      struct device_attribute *attr, char *buf)
{
	return sysfs_emit(buf, "%u\n",
			  READ_ONCE(to_side(dev, attr)->dchan_corrupt_ppm));
}

static ssize_t dchan_corrupt_ppm_store(struct device *dev,
				       struct device_attribute *attr,
				       const char *buf, size_t count)
{
	return vspan_ppm_store(&to_side(dev, attr)->dchan_corrupt_ppm, buf,
			       count);
}

/* One-shot counts: reading shows what is pending, writing N adds N. */
static ssize_t vspan_once_store(atomic_t *field, const char *buf,
				size_t count)
{
	unsigned int n;
	int ret = kstrtouint(buf, 10, &n);

	if (ret)
		return ret;
	if (n > 1000000)
		return -ERANGE;
	atomic_add(n, field);
	return count;
}

static ssize_t dchan_drop_show(struct device *dev,
			       struct device_attribute *attr, char *buf)
{
	return sysfs_emit(buf, "%d\n",
			  atomic_read(&to_side(dev, attr)->dchan_drop_once));
}

static ssize_t dchan_drop_store(struct device *dev,
				struct device_attribute *attr,
				const char *buf, size_t count)
{
	return vspan_once_store(&to_side(dev, attr)->dchan_drop_once, buf,
				count);
}

static ssize_t dchan_corrupt_show(struct device *dev,
				  struct device_attribute *attr, char *buf)
{
	return sysfs_emit(buf, "%d\n",
			  atomic_read(&to_side(dev, attr)->dchan_corrupt_once));
}

static ssize_t dchan_corrupt_store(struct device *dev,
				   struct device_attribute *attr,
				   const char *buf, size_t count)
{
	return vspan_once_store(&to_side(dev, attr)->dchan_corrupt_once, buf,
				count);
}

#define VSPAN_COUNTER(_name)						\
static ssize_t _name##_show(struct device *dev,				\
			    struct device_attribute *attr, char *buf)	\
{									\
	return sysfs_emit(buf, "%llu\n",				\
			  READ_ONCE(to_side(dev, attr)->st._name));	\
}

VSPAN_COUNTER(slips)
VSPAN_COUNTER(resyncs)
VSPAN_COUNTER(crc_errors)
VSPAN_COUNTER(frames_dropped)
VSPAN_COUNTER(frames_rx)
VSPAN_COUNTER(frames_tx)

#define VSPAN_SIDE_ATTR(_name, _mode, _show, _store, _side)		\
static struct vspan_side_attr vspan_##_name##_##_side = {		\
	.attr = __ATTR(_name, _mode, _show, _store),			\
	.side = _side,							\
}

#define VSPAN_SIDE_ATTRS(_side)						\
VSPAN_SIDE_ATTR(spanno, 0444, spanno_show, NULL, _side);		\
VSPAN_SIDE_ATTR(alarms, 0444, alarms_show, NULL, _side);		\
VSPAN_SIDE_ATTR(red, 0644, red_show, red_store, _side);		\
VSPAN_SIDE_ATTR(blue, 0644, blue_show, blue_store, _side);		\
VSPAN_SIDE_ATTR(slip, 0200, NULL, slip_store, _side);			\
VSPAN_SIDE_ATTR(dchan_drop_ppm, 0644, dchan_drop_ppm_show,		\
		dchan_drop_ppm_store, _side);				\
VSPAN_SIDE_ATTR(dchan_corrupt_ppm, 0644, dchan_corrupt_ppm_show,	\
		dchan_corrupt_ppm_store, _side);			\
VSPAN_SIDE_ATTR(dchan_drop, 0644, dchan_drop_show, dchan_drop_store,	\
		_side);							\
VSPAN_SIDE_ATTR(dchan_corrupt, 0644, dchan_corrupt_show,		\
		dchan_corrupt_store, _side);				\
VSPAN_SIDE_ATTR(echo_loss_db, 0644, echo_loss_db_show,			\
		echo_loss_db_store, _side);				\
VSPAN_SIDE_ATTR(echo_delay_ms, 0644, echo_delay_ms_show,		\
		echo_delay_ms_store, _side);				\
VSPAN_SIDE_ATTR(slips, 0444, slips_show, NULL, _side);			\
VSPAN_SIDE_ATTR(resyncs, 0444, resyncs_show, NULL, _side);		\
VSPAN_SIDE_ATTR(crc_errors, 0444, crc_errors_show, NULL, _side);	\
VSPAN_SIDE_ATTR(frames_dropped, 0444, frames_dropped_show, NULL, _side); \
VSPAN_SIDE_ATTR(frames_rx, 0444, frames_rx_show, NULL, _side);		\
VSPAN_SIDE_ATTR(frames_tx, 0444, frames_tx_show, NULL, _side);		\
static struct attribute *vspan_side##_side##_attrs[] = {		\
	&vspan_spanno_##_side.attr.attr,				\
	&vspan_alarms_##_side.attr.attr,				\
	&vspan_red_##_side.attr.attr,					\
	&vspan_blue_##_side.attr.attr,					\
	&vspan_slip_##_side.attr.attr,					\
	&vspan_dchan_drop_ppm_##_side.attr.attr,			\
	&vspan_dchan_corrupt_ppm_##_side.attr.attr,			\
	&vspan_dchan_drop_##_side.attr.attr,				\
	&vspan_dchan_corrupt_##_side.attr.attr,				\
	&vspan_echo_loss_db_##_side.attr.attr,				\
	&vspan_echo_delay_ms_##_side.attr.attr,				\
	&vspan_slips_##_side.attr.attr,					\
	&vspan_resyncs_##_side.attr.attr,				\
	&vspan_crc_errors_##_side.attr.attr,				\
	&vspan_frames_dropped_##_side.attr.attr,			\
	&vspan_frames_rx_##_side.attr.attr,				\
	&vspan_frames_tx_##_side.attr.attr,				\
	NULL,								\
}

VSPAN_SIDE_ATTRS(0);
VSPAN_SIDE_ATTRS(1);

static const struct attribute_group vspan_side0_group = {
	.name = "a",
	.attrs = vspan_side0_attrs,
};

static const struct attribute_group vspan_side1_group = {
	.name = "b",
	.attrs = vspan_side1_attrs,
};

const struct attribute_group *vspan_pair_groups[] = {
	&vspan_pair_group,
	&vspan_side0_group,
	&vspan_side1_group,
	NULL,
};

int vspan_sysfs_init(struct vspan_ctx *ctx)
{
	ctx->cls.name = "vspan";
	ctx->cls.owner = THIS_MODULE;
	ctx->cls.class_groups = vspan_class_groups;
	return class_register(&ctx->cls);
}

void vspan_sysfs_exit(struct vspan_ctx *ctx)
{
	class_unregister(&ctx->cls);
}
