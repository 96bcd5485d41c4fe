/*
 * test_summary.c — the public run summary (lc_summary): every accessor on a NULL summary
 * (NULL views, counts 0) and on a fresh one (cleared views, NULL past the end), and the
 * counts of a small coverage run through lc_run: three estates (one without a geometry),
 * two facilities from a CSV (one without coordinates), the views per stage and the lists.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lc_scratch.h"

static int setup(void **state)
{
    return lc_scratch_setup(state, "/tmp/lc-summary-XXXXXX", LC_LOG_WARN);
}

static int teardown(void **state)
{
    return lc_scratch_teardown(state);
}

/* A NULL summary: every view NULL, every list empty; destroying NULL does nothing. */
static void null_summary(void **state)
{
    (void)state;
    assert_null(lc_summary_load(NULL));
    assert_null(lc_summary_cover(NULL));
    assert_null(lc_summary_network(NULL));
    assert_null(lc_summary_access(NULL));
    assert_null(lc_summary_bundles(NULL));
    assert_null(lc_summary_sites(NULL));
    assert_null(lc_summary_outputs(NULL));
    assert_null(lc_summary_facility_source(NULL, 0));
    assert_null(lc_summary_datum_check(NULL, 0));
    assert_null(lc_summary_input_datum(NULL, 0));
    assert_null(lc_summary_file(NULL, 0));
    assert_int_equal(lc_summary_facility_source_count(NULL), 0);
    assert_int_equal(lc_summary_datum_check_count(NULL), 0);
    assert_int_equal(lc_summary_input_datum_count(NULL), 0);
    assert_int_equal(lc_summary_file_count(NULL), 0);
    lc_summary_destroy(NULL);
}

/* A fresh summary: cleared views, empty lists, NULL at index 0. */
static void fresh_summary(void **state)
{
    (void)state;
    lc_summary *s = lc_summary_create();
    assert_non_null(s);
    assert_non_null(lc_summary_load(s));
    assert_int_equal(lc_summary_load(s)->estates_read, 0);
    assert_string_equal(lc_summary_load(s)->working_crs, "");
    assert_null(lc_summary_cover(s)->service_areas);
    assert_int_equal(lc_summary_network(s)->network_read, 0);
    assert_null(lc_summary_access(s)->method);
    assert_int_equal(lc_summary_bundles(s)->bundled, 0);
    assert_int_equal(lc_summary_sites(s)->sites, 0);
    assert_float_equal(lc_summary_outputs(s)->seconds, 0, 0);
    assert_null(lc_summary_facility_source(s, 0));
    assert_null(lc_summary_datum_check(s, 0));
    assert_null(lc_summary_input_datum(s, 0));
    assert_null(lc_summary_file(s, 0));
    assert_int_equal(lc_summary_file_count(s), 0);
    lc_summary_destroy(s);
}

#define CRS4548 "\"crs\":{\"type\":\"name\",\"properties\":{\"name\":\"urn:ogc:def:crs:EPSG::4548\"}},"
#define SQUARE(x) "{\"type\":\"Polygon\",\"coordinates\":[[[" #x "000,4300000],[" #x "100,4300000]," \
                  "[" #x "100,4300100],[" #x "000,4300100],[" #x "000,4300000]]]}"
#define FEATURE(id, geom) "{\"type\":\"Feature\",\"properties\":{\"id\":\"" id "\"},\"geometry\":" \
                          geom "}"

/* A coverage run of three estates (one without a geometry) and a CSV of two facilities (one
 * without coordinates): each stage's view, the lists and their ends; a second run into the
 * same summary starts from a cleared one. */
static void counts_after_a_run(void **state)
{
    lc_ctx *ctx = *state;
    lc_options *o = lc_options_create();
    char out[128];
    snprintf(out, sizeof out, "%s/out", tmpdir);
    assert_int_equal(lc_options_set(ctx, o, "estates",
                                    lc_scratch_write("e.geojson", "{\"type\":\"FeatureCollection\","
                                    CRS4548 "\"features\":[" FEATURE("A", SQUARE(500)) ","
                                    FEATURE("B", SQUARE(501)) "," FEATURE("C", "null") "]}"),
                                    LC_SRC_FLAG), LC_OK);
    assert_int_equal(lc_options_set(ctx, o, "facilities",
                                    lc_scratch_write("f.csv", "id,category,lng,lat\n"
                                                     "f1,养老院,116.40,39.91\nf2,养老院,,\n"),
                                    LC_SRC_FLAG), LC_OK);
    assert_int_equal(lc_options_set(ctx, o, "formats", "geojson", LC_SRC_FLAG), LC_OK);
    assert_int_equal(lc_options_set(ctx, o, "output", out, LC_SRC_FLAG), LC_OK);
    lc_summary *s = lc_summary_create();
    assert_non_null(s);
    for (int run = 0; run < 2; run++) {
        assert_int_equal(lc_run(ctx, o, LC_JOB_COVERAGE, s), LC_OK);
        const lc_load_result *ld = lc_summary_load(s);
        assert_int_equal(ld->estates_read, 3);
        assert_int_equal(ld->estates_used, 2);
        assert_int_equal(ld->estates_skipped, 1);
        assert_int_equal(ld->facilities_read, 2);
        assert_int_equal(ld->facilities_skipped, 1);
        assert_int_equal(ld->facilities_used, 1);
        assert_string_equal(ld->nested, "both");
        assert_string_equal(ld->working_crs, "EPSG:4548");
        assert_true(ld->categories >= 3); /* elder, child, kgdn at least */
        assert_int_equal(lc_summary_facility_source_count(s), 1);
        const lc_source_counts *sc = lc_summary_facility_source(s, 0);
        assert_non_null(sc);
        assert_int_equal(sc->read, 2);
        assert_int_equal(sc->mapped, 1);
        assert_null(lc_summary_facility_source(s, 1));
        /* the CSV's degrees without a CRS are read as WGS84, said in the datums */
        assert_int_equal(lc_summary_input_datum_count(s), 1);
        assert_string_equal(lc_summary_input_datum(s, 0)->input, "facilities");
        assert_string_equal(lc_summary_input_datum(s, 0)->value, "WGS84");
        assert_null(lc_summary_input_datum(s, 1));
        /* no network: no datum check, an empty network view; no bundles, no sites */
        assert_int_equal(lc_summary_datum_check_count(s), 0);
        assert_null(lc_summary_datum_check(s, 0));
        assert_int_equal(lc_summary_network(s)->network_read, 0);
        assert_int_equal(lc_summary_bundles(s)->bundled, 0);
        assert_int_equal(lc_summary_sites(s)->candidates, 0);
        assert_string_equal(lc_summary_cover(s)->service_areas, "whole");
        assert_true(lc_summary_cover(s)->seconds >= 0);
        /* the files written, each with its size; none past the end */
        size_t nf = lc_summary_file_count(s);
        assert_true(nf >= 3); /* estates.geojson, facilities.geojson, summary.csv, ... */
        for (size_t i = 0; i < nf; i++) {
            const lc_output_file *f = lc_summary_file(s, i);
            assert_non_null(f);
            assert_true(f->name[0] != '\0');
            assert_true(f->bytes > 0);
        }
        assert_null(lc_summary_file(s, nf));
        assert_true(lc_summary_outputs(s)->seconds >= 0);
    }
    lc_summary_destroy(s);
    /* without a summary the run is the same */
    assert_int_equal(lc_run(ctx, o, LC_JOB_COVERAGE, NULL), LC_OK);
    lc_options_destroy(o);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(null_summary),
        cmocka_unit_test(fresh_summary),
        cmocka_unit_test(counts_after_a_run),
    };
    return cmocka_run_group_tests_name("summary", tests, setup, teardown);
}
