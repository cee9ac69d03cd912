/* Reads an iCalendar file with libical (the engine of Evolution and KDE's
 * older tools) and prints, as JSON:
 *   {"errors": [...], "instances": [[start, end, summary], ...]}
 * errors: every X-LIC-ERROR libical inserted while parsing, and every one
 * icalrestriction_check() adds (RFC 5545/5546 property restrictions), as
 * "COMPONENT: text"; instances: every instance, expanded with libical's own
 * recurrence iterator (RRULE), RDATE and EXDATE, with RECURRENCE-ID
 * overrides put in place of the instance they name (by UID), times in UTC
 * (ISO 8601, as ical.js's toISOString writes them), dates as YYYY-MM-DD.
 * An instance's end is its start plus the master's DTEND - DTSTART in
 * seconds, as libical's icalcomponent_foreach_recurrence computes it.
 *
 * With a second argument, a UTC date-time (20330101T000000Z), a rule is not
 * followed past it: one without UNTIL is given it as UNTIL, so that a rule
 * with a COUNT that libical never reaches (FREQ=DAILY;BYMONTHDAY=-1, whose
 * negative day it never matches) stops there instead of at libical's last
 * year, 2582. Instances before it are the same.
 *
 * Built by tests/interop/run: cc check.c $(pkg-config --cflags --libs libical)
 */
#include <libical/ical.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define MAX_INSTANCES 200000

struct instance {
    char uid[512];
    time_t start;
    time_t end;
    int is_date;
    const char *summary;
    int overridden;
};

static struct instance *instances;
static size_t count;
/* Where rules stop (see above); null time when not given. */
static struct icaltimetype before;

static void json_string(const char *s) {
    putchar('"');
    for (const unsigned char *p = (const unsigned char *)s; p && *p; p++) {
        if (*p == '"' || *p == '\\') {
            printf("\\%c", *p);
        } else if (*p < 0x20) {
            printf("\\u%04x", *p);
        } else {
            putchar(*p);
        }
    }
    putchar('"');
}

static char *read_all(const char *path) {
    FILE *f = fopen(path, "rb");
    if (!f) {
        perror(path);
        exit(2);
    }
    size_t size = 0, cap = 1 << 16;
    char *buf = malloc(cap);
    size_t n;
    while ((n = fread(buf + size, 1, cap - size - 1, f)) > 0) {
        size += n;
        if (cap - size - 1 == 0) {
            cap *= 2;
            buf = realloc(buf, cap);
        }
    }
    buf[size] = 0;
    fclose(f);
    return buf;
}

/* A property's time in its TZID's zone, looked up among the calendar's
 * VTIMEZONEs (libical leaves the zone unset on RDATE/EXDATE values). */
static struct icaltimetype zoned(icalcomponent *calendar, icalproperty *prop,
                                 struct icaltimetype t) {
    icalparameter *param = icalproperty_get_first_parameter(prop, ICAL_TZID_PARAMETER);
    if (param && !t.is_date) {
        icaltimezone *zone = icalcomponent_get_timezone(calendar, icalparameter_get_tzid(param));
        if (!zone) {
            fprintf(stderr, "no VTIMEZONE for TZID %s\n", icalparameter_get_tzid(param));
            exit(2);
        }
        t = icaltime_set_timezone(&t, zone);
    }
    return t;
}

static time_t instant(struct icaltimetype t) {
    return icaltime_as_timet_with_zone(t, t.zone ? t.zone : icaltimezone_get_utc_timezone());
}

static void add(size_t from, const char *uid, time_t start, time_t end, int is_date, const char *summary) {
    for (size_t i = from; i < count; i++) {
        /* A recurrence set holds each start once (RFC 5545 §3.8.5.2). */
        if (instances[i].start == start && strcmp(instances[i].uid, uid) == 0) return;
    }
    if (count == MAX_INSTANCES) {
        fprintf(stderr, "more than %d instances\n", MAX_INSTANCES);
        exit(2);
    }
    struct instance *in = &instances[count++];
    snprintf(in->uid, sizeof in->uid, "%s", uid);
    in->start = start;
    in->end = end;
    in->is_date = is_date;
    in->summary = summary;
    in->overridden = 0;
}

static void expand(icalcomponent *calendar, icalcomponent *event) {
    const char *uid = icalcomponent_get_uid(event);
    const char *summary = icalcomponent_get_summary(event);
    struct icaltimetype dtstart = icalcomponent_get_dtstart(event);
    struct icaltimetype dtend = icalcomponent_get_dtend(event);
    time_t start = instant(dtstart);
    time_t length = instant(dtend) - start;
    size_t first = count;
    add(first, uid, start, start + length, dtstart.is_date, summary);
    for (icalproperty *p = icalcomponent_get_first_property(event, ICAL_RRULE_PROPERTY); p;
         p = icalcomponent_get_next_property(event, ICAL_RRULE_PROPERTY)) {
        struct icalrecurrencetype rule = icalproperty_get_rrule(p);
        if (!icaltime_is_null_time(before) && icaltime_is_null_time(rule.until)) {
            rule.until = before;
        }
        icalrecur_iterator *it = icalrecur_iterator_new(rule, dtstart);
        if (!it) {
            fprintf(stderr, "libical cannot iterate %s\n", icalproperty_get_value_as_string(p));
            exit(2);
        }
        for (struct icaltimetype t = icalrecur_iterator_next(it); !icaltime_is_null_time(t);
             t = icalrecur_iterator_next(it)) {
            time_t s = instant(t);
            add(first, uid, s, s + length, dtstart.is_date, summary);
        }
        icalrecur_iterator_free(it);
    }
    for (icalproperty *p = icalcomponent_get_first_property(event, ICAL_RDATE_PROPERTY); p;
         p = icalcomponent_get_next_property(event, ICAL_RDATE_PROPERTY)) {
        struct icaldatetimeperiodtype v = icalproperty_get_rdate(p);
        time_t s = instant(zoned(calendar, p, v.time));
        add(first, uid, s, s + length, dtstart.is_date, summary);
    }
    for (icalproperty *p = icalcomponent_get_first_property(event, ICAL_EXDATE_PROPERTY); p;
         p = icalcomponent_get_next_property(event, ICAL_EXDATE_PROPERTY)) {
        time_t s = instant(zoned(calendar, p, icalproperty_get_exdate(p)));
        for (size_t i = first; i < count; i++) {
            if (instances[i].start == s) {
                instances[i] = instances[--count];
                break;
            }
        }
    }
}

static void override(icalcomponent *calendar, icalcomponent *event) {
    const char *uid = icalcomponent_get_uid(event);
    icalproperty *rid = icalcomponent_get_first_property(event, ICAL_RECURRENCEID_PROPERTY);
    time_t at = instant(zoned(calendar, rid, icalproperty_get_recurrenceid(rid)));
    for (size_t i = 0; i < count; i++) {
        if (instances[i].start == at && strcmp(instances[i].uid, uid) == 0) {
            struct icaltimetype s = icalcomponent_get_dtstart(event);
            instances[i].start = instant(s);
            instances[i].end = instant(icalcomponent_get_dtend(event));
            instances[i].is_date = s.is_date;
            instances[i].summary = icalcomponent_get_summary(event);
            instances[i].overridden = 1;
            return;
        }
    }
    fprintf(stderr, "override %s of %s names no instance\n",
            icalproperty_get_value_as_string(rid), uid);
    exit(2);
}

static void show(time_t t, int is_date) {
    char buf[32];
    struct tm tm;
    gmtime_r(&t, &tm);
    strftime(buf, sizeof buf, is_date ? "%Y-%m-%d" : "%Y-%m-%dT%H:%M:%S.000Z", &tm);
    json_string(buf);
}

static int errors_in(icalcomponent *c, int n) {
    for (icalproperty *p = icalcomponent_get_first_property(c, ICAL_XLICERROR_PROPERTY); p;
         p = icalcomponent_get_next_property(c, ICAL_XLICERROR_PROPERTY)) {
        char text[1024];
        snprintf(text, sizeof text, "%s: %s", icalcomponent_kind_to_string(icalcomponent_isa(c)),
                 icalproperty_get_xlicerror(p));
        if (n++) putchar(',');
        json_string(text);
    }
    for (icalcomponent *s = icalcomponent_get_first_component(c, ICAL_ANY_COMPONENT); s;
         s = icalcomponent_get_next_component(c, ICAL_ANY_COMPONENT)) {
        n = errors_in(s, n);
    }
    return n;
}

int main(int argc, char **argv) {
    if (argc != 2 && argc != 3) {
        fprintf(stderr, "usage: %s FILE.ics [BEFORE]\n", argv[0]);
        return 2;
    }
    before = argc == 3 ? icaltime_from_string(argv[2]) : icaltime_null_time();
    char *text = read_all(argv[1]);
    icalcomponent *calendar = icalparser_parse_string(text);
    if (!calendar || icalcomponent_isa(calendar) != ICAL_VCALENDAR_COMPONENT) {
        fprintf(stderr, "libical found no VCALENDAR\n");
        return 2;
    }
    icalrestriction_check(calendar);
    printf("{\"errors\":[");
    errors_in(calendar, 0);
    printf("],\"instances\":[");

    instances = calloc(MAX_INSTANCES, sizeof *instances);
    for (icalcomponent *e = icalcomponent_get_first_component(calendar, ICAL_VEVENT_COMPONENT); e;
         e = icalcomponent_get_next_component(calendar, ICAL_VEVENT_COMPONENT)) {
        if (!icalcomponent_get_first_property(e, ICAL_RECURRENCEID_PROPERTY)) expand(calendar, e);
    }
    for (icalcomponent *e = icalcomponent_get_first_component(calendar, ICAL_VEVENT_COMPONENT); e;
         e = icalcomponent_get_next_component(calendar, ICAL_VEVENT_COMPONENT)) {
        if (icalcomponent_get_first_property(e, ICAL_RECURRENCEID_PROPERTY)) override(calendar, e);
    }
    for (size_t i = 0; i < count; i++) {
        if (i) putchar(',');
        putchar('[');
        show(instances[i].start, instances[i].is_date);
        putchar(',');
        show(instances[i].end, instances[i].is_date);
        putchar(',');
        json_string(instances[i].summary);
        putchar(']');
    }
    printf("]}\n");
    icalcomponent_free(calendar);
    free(text);
    return 0;
}
