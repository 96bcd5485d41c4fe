/*
 * test_model.c — loading a run's inputs: every feature accounted for, skipped features
 * named in warnings, id fallback, unusable numbers, category mapping and the CRS rules.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "lc_scratch.h"
#include "model/dataset.h"
#include "model/network.h"

static int setup(void **state)
{
    return lc_scratch_setup(state, "/tmp/lc-model-XXXXXX", LC_LOG_WARN);
}

static int teardown(void **state)
{
    return lc_scratch_teardown(state);
}

#define CRS4548 "\"crs\":{\"type\":\"name\",\"properties\":{\"name\":\"urn:ogc:def:crs:EPSG::4548\"}},"
/* 100 m squares at x = X000 .. X100 (X = 500 or 501 km) */
#define SQUARE(x) "{\"type\":\"Polygon\",\"coordinates\":[[[" #x "000,4300000],[" #x "100,4300000]," \
                  "[" #x "100,4300100],[" #x "000,4300100],[" #x "000,4300000]]]}"

/* Estates without an id field; one null geometry, one line, one text household count, a
 * population of exactly 0 (a count, not unknown). */
static const char *estates_noid =
    "{\"type\":\"FeatureCollection\"," CRS4548 "\"features\":["
    "{\"type\":\"Feature\",\"properties\":{\"name\":\"甲\",\"households\":\"many\",\"district\":\"东\"},"
    "\"geometry\":" SQUARE(500) "},"
    "{\"type\":\"Feature\",\"properties\":{\"name\":\"乙\",\"households\":10},\"geometry\":null},"
    "{\"type\":\"Feature\",\"properties\":{\"name\":\"丙\",\"households\":20},"
    "\"geometry\":{\"type\":\"LineString\",\"coordinates\":[[500000,4300000],[500010,4300010]]}},"
    "{\"type\":\"Feature\",\"properties\":{\"name\":\"丁\",\"households\":30,\"population\":0,"
    "\"elderly\":7,\"children\":3,"
    "\"district\":\"西\"},"
    "\"geometry\":" SQUARE(501) "}]}";

static const char *facilities_csv =
    "id,category,WKT\n"
    "f1,幼儿园,POINT (500050 4300050)\n"
    "f2,便利店,POINT (501050 4300050)\n"
    "f3,养老院,\n";

static lc_options *base_options(lc_ctx *ctx)
{
    lc_options *o = lc_options_create();
    lc_options_set(ctx, o, "estates", lc_scratch_write("e.geojson", estates_noid), LC_SRC_FLAG);
    lc_options_set(ctx, o, "facilities", lc_scratch_write("f.csv", facilities_csv), LC_SRC_FLAG);
    return o;
}

/* A CSV has no CRS: loading must stop and say how to give one. */
static void csv_without_crs_is_an_error(void **state)
{
    lc_ctx *ctx = *state;
    lc_options *o = base_options(ctx);
    lc_dataset *ds;
    lc_load_counts sum;
    assert_int_equal(lc_scratch_load(ctx, o, &ds, &sum), LC_ERR_CRS);
    assert_non_null(strstr(lc_ctx_errmsg(ctx), "f.csv"));
    assert_non_null(strstr(lc_ctx_errmsg(ctx), "--estates-srs"));
    lc_options_destroy(o);
}

static void every_feature_accounted_for(void **state)
{
    lc_ctx *ctx = *state;
    lc_options *o = base_options(ctx);
    lc_options_set(ctx, o, "facilities_srs", "EPSG:4548", LC_SRC_FLAG);
    lc_dataset *ds;
    lc_load_counts sum;
    assert_int_equal(lc_scratch_load(ctx, o, &ds, &sum), LC_OK);
    assert_int_equal(sum.res.estates_read, 4);
    assert_int_equal(sum.res.estates_used, 2);
    assert_int_equal(sum.res.estates_skipped, 2);
    assert_int_equal(sum.res.estates_read, sum.res.estates_used + sum.res.estates_skipped);
    assert_int_equal(sum.res.facilities_read, 3);
    assert_int_equal(sum.res.facilities_skipped, 1);
    assert_int_equal(sum.res.facilities_unmapped, 1);
    assert_int_equal(sum.res.facilities_used, 1);
    assert_string_equal(sum.res.working_crs, "EPSG:4548");
    /* ids fall back to feature ids; the skipped features are named */
    assert_true(ds->id_missing);
    assert_int_equal(sum.res.id_fallbacks, 2);
    assert_non_null(strstr(logbuf, "using feature ids"));
    assert_non_null(strstr(logbuf, "feature 1 has no geometry; skipped"));
    assert_non_null(strstr(logbuf, "feature 2 is not a polygon or multipolygon; skipped"));
    assert_non_null(strstr(logbuf, "'households' = 'many'"));
    assert_non_null(strstr(logbuf, "'便利店' maps to no key"));
    assert_true(isnan(ds->est[0].households));
    assert_float_equal(ds->est[1].households, 30, 0);
    assert_float_equal(ds->est[1].population, 0, 0); /* 0 people is known, not unknown */
    assert_float_equal(ds->est[1].elderly, 7, 0);
    assert_float_equal(ds->est[1].children, 3, 0);
    assert_true(isnan(ds->est[0].population));        /* no population field value */
    assert_null(strstr(logbuf, "'population'"));
    assert_string_equal(ds->est[1].district, "西");
    assert_float_equal(ds->est[0].area_m2, 10000, 1e-6);
    /* "all found": the mission's keys always, in this order (elder and child without a
     * facility: every estate a gap), then any other key found; only kgdn has a facility */
    assert_int_equal(ds->ncat, 3);
    assert_string_equal(ds->cat[0], "elder");
    assert_string_equal(ds->cat[1], "child");
    assert_string_equal(ds->cat[2], "kgdn");
    assert_int_equal(ds->cat_nfac[0], 0);
    assert_int_equal(ds->cat_nfac[1], 0);
    assert_int_equal(ds->cat_nfac[2], 1);
    assert_non_null(strstr(logbuf, "category 'elder': no facility in"));
    assert_non_null(strstr(logbuf, "category 'child': no facility in"));
    assert_null(strstr(logbuf, "category 'kgdn': no facility"));
    assert_int_equal(ds->fac[0].catsrc, LC_CATSRC_VALUE);
    lc_dataset_destroy(ds);
    lc_options_destroy(o);
}

static void requested_categories_and_mapping(void **state)
{
    lc_ctx *ctx = *state;
    lc_options *o = base_options(ctx);
    lc_options_set(ctx, o, "s_srs", "EPSG:4548", LC_SRC_FLAG);
    lc_options_set(ctx, o, "categories", "elder,shop", LC_SRC_FLAG);
    lc_options_set(ctx, o, "map.shop", "便利店", LC_SRC_FLAG);
    lc_dataset *ds;
    lc_load_counts sum;
    assert_int_equal(lc_scratch_load(ctx, o, &ds, &sum), LC_OK);
    assert_int_equal(ds->ncat, 2);
    assert_string_equal(ds->cat[0], "elder");
    assert_int_equal(ds->cat_nfac[0], 0); /* its only facility had no geometry */
    assert_int_equal(ds->cat_nfac[1], 1);
    assert_int_equal(sum.res.facilities_unmapped, 0);
    assert_non_null(strstr(logbuf, "category 'elder': no facility"));
    lc_dataset_destroy(ds);
    lc_options_destroy(o);
}

static void missing_category_field(void **state)
{
    lc_ctx *ctx = *state;
    lc_options *o = base_options(ctx);
    lc_options_set(ctx, o, "s_srs", "EPSG:4548", LC_SRC_FLAG);
    lc_options_set(ctx, o, "category_field", "类别", LC_SRC_FLAG);
    lc_dataset *ds;
    lc_load_counts sum;
    assert_int_equal(lc_scratch_load(ctx, o, &ds, &sum), LC_ERR_FORMAT);
    assert_non_null(strstr(lc_ctx_errmsg(ctx), "no category field '类别'"));
    assert_non_null(strstr(lc_ctx_errmsg(ctx), "id, category"));
    lc_options_destroy(o);
}

/* The walkability rule (user guide, Which ways are walkable), each part. */
static void walkability_rule(void **state)
{
    (void)state;
    lc_ctx *ctx = lc_ctx_create();
    lc_options *o = lc_options_create(); /* the default lists, from the settings table */
    lc_settings all;
    assert_int_equal(lc_settings_resolve(ctx, o, &all), LC_OK);
    lc_walk_settings s = all.walk;
    /* highway types walkable without a foot tag, the new ones included */
    static const char *const walk[] = {"footway", "path", "pedestrian", "steps", "living_street",
        "residential", "service", "unclassified", "track", "corridor", "elevator", "platform",
        "tertiary", "tertiary_link", "secondary", "secondary_link", "primary", "primary_link"};
    for (size_t i = 0; i < sizeof walk / sizeof *walk; i++)
        if (!lc_way_walkable(&s, walk[i], NULL, NULL)) fail_msg("%s is not walkable", walk[i]);
    assert_true(lc_way_walkable(&s, "Primary", NULL, NULL)); /* case of other layers */
    static const char *const not_walk[] = {"cycleway", "bridleway", "trunk", "trunk_link",
                                           "motorway", "motorway_link", "construction", ""};
    for (size_t i = 0; i < sizeof not_walk / sizeof *not_walk; i++)
        if (lc_way_walkable(&s, not_walk[i], NULL, NULL)) fail_msg("%s is walkable", not_walk[i]);
    /* foot=yes/designated/permissive: any highway type, trunk and motorway included */
    assert_true(lc_way_walkable(&s, "cycleway", "designated", NULL));
    assert_true(lc_way_walkable(&s, "bridleway", "yes", NULL));
    assert_true(lc_way_walkable(&s, "trunk", "permissive", NULL));
    assert_true(lc_way_walkable(&s, "motorway", "yes", NULL));
    assert_true(lc_way_walkable(&s, "", "designated", NULL)); /* no highway value */
    assert_false(lc_way_walkable(&s, "cycleway", "use_sidepath", NULL));
    /* never with foot=no */
    assert_false(lc_way_walkable(&s, "footway", "no", NULL));
    assert_false(lc_way_walkable(&s, "residential", "no", "yes"));
    /* access=private/no excludes unless foot allows */
    assert_false(lc_way_walkable(&s, "service", NULL, "private"));
    assert_false(lc_way_walkable(&s, "footway", NULL, "no"));
    assert_true(lc_way_walkable(&s, "service", "designated", "private"));
    assert_true(lc_way_walkable(&s, "service", NULL, "destination"));
    assert_false(lc_way_walkable(&s, "service", "no", "private"));
    /* a layer without a highway field: only foot and access decide */
    assert_true(lc_way_walkable(&s, NULL, NULL, NULL));
    assert_false(lc_way_walkable(&s, NULL, "no", NULL));
    assert_false(lc_way_walkable(&s, NULL, NULL, "private"));
    /* the lists are settings */
    const char *hw[] = {"track"}, *foot[] = {"yes"}, *acc[] = {"customers"};
    s.walk_highways = (lc_list){hw, 1};
    s.walk_foot_values = (lc_list){foot, 1};
    s.walk_access_excluded = (lc_list){acc, 1};
    assert_true(lc_way_walkable(&s, "track", NULL, NULL));
    assert_false(lc_way_walkable(&s, "footway", NULL, NULL));
    assert_false(lc_way_walkable(&s, "cycleway", "designated", NULL));
    assert_true(lc_way_walkable(&s, "cycleway", "yes", NULL));
    assert_false(lc_way_walkable(&s, "track", NULL, "customers"));
    assert_true(lc_way_walkable(&s, "track", NULL, "private"));
    lc_options_destroy(o);
    lc_ctx_destroy(ctx);
}

/* Raw categories typed as keys: `--categories cafe,food,bank` evaluates the
 * facilities whose category is "cafe", " Food", "BANK"; a key matching none names the raw
 * values seen most often. */
static void categories_name_raw_values(void **state)
{
    lc_ctx *ctx = *state;
    lc_options *o = lc_options_create();
    lc_options_set(ctx, o, "estates", lc_scratch_write("e.geojson", estates_noid), LC_SRC_FLAG);
    lc_options_set(ctx, o, "facilities", lc_scratch_write("f.csv",
        "id,category,WKT\n"
        "f1,cafe,POINT (500050 4300050)\n"
        "f2, Food,POINT (501050 4300050)\n"
        "f3,BANK,POINT (501060 4300050)\n"
        "f4,cafe,POINT (501070 4300050)\n"
        "f5,food court,POINT (501080 4300050)\n"), LC_SRC_FLAG);
    lc_options_set(ctx, o, "s_srs", "EPSG:4548", LC_SRC_FLAG);
    lc_options_set(ctx, o, "categories", "cafe,food,bank,pub", LC_SRC_FLAG);
    lc_dataset *ds;
    lc_load_counts sum;
    assert_int_equal(lc_scratch_load(ctx, o, &ds, &sum), LC_OK);
    assert_int_equal(ds->ncat, 4);
    assert_int_equal(ds->cat_nfac[0], 2); /* cafe */
    assert_int_equal(ds->cat_nfac[1], 1); /* food: " Food", not "food court" */
    assert_int_equal(ds->cat_nfac[2], 1); /* bank */
    assert_int_equal(ds->cat_nfac[3], 0); /* pub */
    assert_int_equal(sum.res.facilities_used, 4);
    assert_int_equal(sum.res.facilities_unmapped, 1);
    assert_null(strstr(logbuf, "category 'cafe'"));
    assert_non_null(strstr(logbuf, "category 'pub': no facility"));
    assert_non_null(strstr(logbuf, "the values of 'category' seen most often: 'cafe' (2), ' Food' "
                                   "(1), 'BANK' (1), 'food court' (1) (map one to 'pub' with --map "
                                   "pub=VALUE)"));
    lc_dataset_destroy(ds);
    lc_options_destroy(o);
}

/* Facility j's key and catsrc as "key/catsrc". */
static const char *fac_key(const lc_dataset *ds, size_t j)
{
    static char buf[64];
    snprintf(buf, sizeof buf, "%s/%s", ds->fac[j].key ? ds->fac[j].key : "-",
             lc_catsrc_name(ds->fac[j].catsrc));
    return buf;
}

/* Values that map to nothing leave a facility to its name (field 名称 here): real names,
 * the exclusions, a planned site (counted and named in the log, not a facility). */
static const char *named_csv =
    "id,名称,category,WKT\n"
    "f1,某某养老服务中心,,POINT (500050 4300050)\n"
    "f2,海淀区妇幼保健院,医疗,POINT (500060 4300050)\n"
    "f3,原幼儿园停车场,停车场,POINT (500070 4300050)\n"
    "f4,0803-633规划幼儿园,,POINT (500080 4300050)\n"
    "f5,某小学附属幼儿园,学校,POINT (500090 4300050)\n"
    "f6,阳光幼儿园,幼儿园,POINT (500095 4300050)\n"
    "f7,人民医院站,公交站,POINT (501050 4300050)\n"
    "f8,泰康颐养中心,,POINT (501060 4300050)\n";

static void categories_by_name(void **state)
{
    lc_ctx *ctx = *state;
    lc_options *o = lc_options_create();
    lc_options_set(ctx, o, "estates", lc_scratch_write("e.geojson", estates_noid), LC_SRC_FLAG);
    lc_options_set(ctx, o, "facilities", lc_scratch_write("f.csv", named_csv), LC_SRC_FLAG);
    lc_options_set(ctx, o, "s_srs", "EPSG:32650", LC_SRC_FLAG);
    lc_dataset *ds;
    lc_load_counts sum;
    lc_ctx_set_log(ctx, lc_scratch_capture, NULL, LC_LOG_NOTE); /* the planned sites are a note */
    lc_status st = lc_scratch_load(ctx, o, &ds, &sum);
    lc_ctx_set_log(ctx, lc_scratch_capture, NULL, LC_LOG_WARN);
    assert_int_equal(st, LC_OK);
    assert_int_equal(ds->nfac, 8);
    assert_string_equal(fac_key(ds, 0), "elder/name");
    assert_string_equal(fac_key(ds, 1), "hosp/name");    /* not a kindergarten */
    assert_string_equal(fac_key(ds, 2), "-/");           /* a former site's car park */
    assert_string_equal(fac_key(ds, 3), "-/planned");
    assert_string_equal(fac_key(ds, 4), "kgdn/name");
    assert_string_equal(fac_key(ds, 5), "kgdn/value");   /* the value first */
    assert_string_equal(fac_key(ds, 6), "-/");           /* a bus stop */
    assert_string_equal(fac_key(ds, 7), "-/");           /* no word of it (yet) */
    assert_int_equal(sum.res.facilities_read, 8);
    assert_int_equal(sum.res.facilities_by_name, 3);
    assert_int_equal(sum.res.facilities_planned, 1);
    assert_int_equal(sum.res.facilities_unmapped, 3);
    assert_int_equal(sum.res.facilities_used, 4);
    assert_int_equal(sum.res.facilities_read, sum.res.facilities_used + sum.res.facilities_unmapped +
                                          sum.res.facilities_planned + sum.res.facilities_skipped);
    assert_non_null(strstr(logbuf, "1 planned sites seen, not facilities (written with catsrc "
                                   "'planned'): '0803-633规划幼儿园' ("));
    /* the mission's keys first, then the others found, in the map's order */
    assert_int_equal(ds->ncat, 4);
    assert_string_equal(ds->cat[0], "elder");
    assert_string_equal(ds->cat[1], "child");
    assert_string_equal(ds->cat[2], "kgdn");
    assert_string_equal(ds->cat[3], "hosp");
    assert_int_equal(ds->cat_nfac[2], 2);
    assert_non_null(strstr(logbuf, "category 'child': no facility name in "));
    assert_non_null(strstr(logbuf, "contains 托儿所、托育、托育站、婴幼儿照护 either"));
    assert_non_null(strstr(logbuf, "--names child=WORD"));
    lc_dataset_destroy(ds);

    /* a word of the user's (names.<key>) and a name field named by the setting */
    lc_options_set(ctx, o, "names.elder", "颐养", LC_SRC_FLAG);
    lc_options_set(ctx, o, "facility_name_field", "id", LC_SRC_FLAG);
    assert_int_equal(lc_scratch_load(ctx, o, &ds, &sum), LC_OK);
    assert_string_equal(fac_key(ds, 0), "-/"); /* names from `id` now: "f1" */
    assert_int_equal(sum.res.facilities_by_name, 0);
    lc_dataset_destroy(ds);
    lc_options_set(ctx, o, "facility_name_field", "名称", LC_SRC_FLAG);
    assert_int_equal(lc_scratch_load(ctx, o, &ds, &sum), LC_OK);
    assert_string_equal(fac_key(ds, 7), "elder/name");
    assert_int_equal(sum.res.facilities_by_name, 4);
    lc_dataset_destroy(ds);

    /* the rule off: values only, no planned site */
    lc_options_set(ctx, o, "category_names", "no", LC_SRC_FLAG);
    assert_int_equal(lc_scratch_load(ctx, o, &ds, &sum), LC_OK);
    assert_string_equal(fac_key(ds, 0), "-/");
    assert_string_equal(fac_key(ds, 3), "-/");
    assert_string_equal(fac_key(ds, 5), "kgdn/value");
    assert_int_equal(sum.res.facilities_by_name, 0);
    assert_int_equal(sum.res.facilities_planned, 0);
    assert_int_equal(sum.res.facilities_unmapped, 7);
    assert_int_equal(ds->ncat, 3); /* elder, child, kgdn */
    lc_dataset_destroy(ds);
    lc_options_destroy(o);
}

/* A table of names without a category field: the names alone give the categories (warned);
 * without the name rule it is the error it always was. */
static void names_without_category_field(void **state)
{
    lc_ctx *ctx = *state;
    lc_options *o = lc_options_create();
    lc_options_set(ctx, o, "estates", lc_scratch_write("e.geojson", estates_noid), LC_SRC_FLAG);
    lc_options_set(ctx, o, "facilities", lc_scratch_write("f.csv",
        "名称,WKT\n"
        "红星幼儿园,POINT (500050 4300050)\n"
        "便利店,POINT (501050 4300050)\n"), LC_SRC_FLAG);
    lc_options_set(ctx, o, "s_srs", "EPSG:32650", LC_SRC_FLAG);
    lc_dataset *ds;
    lc_load_counts sum;
    assert_int_equal(lc_scratch_load(ctx, o, &ds, &sum), LC_OK);
    assert_non_null(strstr(logbuf, "no category field 'category' (fields: 名称, WKT); the "
                                   "categories come from the names in field '名称' alone"));
    assert_string_equal(fac_key(ds, 0), "kgdn/name");
    assert_string_equal(fac_key(ds, 1), "-/");
    lc_dataset_destroy(ds);
    lc_options_set(ctx, o, "category_names", "no", LC_SRC_FLAG);
    assert_int_equal(lc_scratch_load(ctx, o, &ds, &sum), LC_ERR_FORMAT);
    assert_non_null(strstr(lc_ctx_errmsg(ctx), "no category field 'category'"));
    lc_options_destroy(o);
}

/* Two sources with their own fields: one list of facilities, each knowing its source;
 * counts per source (read = mapped + unmapped + planned + skipped) and in all; unmapped
 * values named with their source; at most LC_MAX_FACILITY_SOURCES sources. */
static void several_sources(void **state)
{
    lc_ctx *ctx = *state;
    lc_options *o = lc_options_create();
    lc_options_set(ctx, o, "estates", lc_scratch_write("e.geojson", estates_noid), LC_SRC_FLAG);
    lc_scratch_write("f.csv", facilities_csv); /* 幼儿园, 便利店, a row without geometry */
    char both[600];
    snprintf(both, sizeof both, "%s/f.csv,%s", tmpdir, lc_scratch_write("g.csv",
        "编号,名称,WKT\n"
        "g1,红星托儿所,POINT (501050 4300060)\n"
        "g2,某某小卖部,POINT (501050 4300070)\n"
        "g3,幼儿园用地,POINT (501050 4300080)\n"
        "g4,,\n"));
    lc_options_set(ctx, o, "facilities", both, LC_SRC_FLAG);
    lc_options_set(ctx, o, "s_srs", "EPSG:32650", LC_SRC_FLAG);
    lc_dataset *ds;
    lc_load_counts sum;
    assert_int_equal(lc_scratch_load(ctx, o, &ds, &sum), LC_OK);
    assert_int_equal(ds->nfac_srcs, 2);
    assert_ptr_equal(ds->fac_src, ds->fac_srcs[0]);
    assert_string_equal(ds->fac_names[0], "f.csv");
    assert_string_equal(ds->fac_names[1], "g.csv");
    assert_int_equal(ds->nfac, 5);
    assert_int_equal(ds->fac[0].src, 0);
    assert_int_equal(ds->fac[2].src, 1);
    assert_string_equal(fac_key(ds, 2), "child/name");
    assert_string_equal(fac_key(ds, 4), "-/planned");
    assert_ptr_equal(lc_facility_source(ds, 3), ds->fac_srcs[1]);
    assert_int_equal(sum.nsources, 2);
    const lc_source_counts *a = &sum.sources[0], *b = &sum.sources[1];
    assert_string_equal(a->name, "f.csv");
    assert_int_equal(a->read, 3), assert_int_equal(a->skipped, 1);
    assert_int_equal(a->mapped, 1), assert_int_equal(a->unmapped, 1);
    assert_int_equal(b->read, 4), assert_int_equal(b->skipped, 1);
    assert_int_equal(b->mapped, 1), assert_int_equal(b->by_name, 1);
    assert_int_equal(b->unmapped, 1), assert_int_equal(b->planned, 1);
    for (size_t i = 0; i < 2; i++) {
        const lc_source_counts *c = &sum.sources[i];
        assert_int_equal(c->read, c->mapped + c->unmapped + c->planned + c->skipped);
    }
    assert_int_equal(sum.res.facilities_read, 7);
    assert_int_equal(sum.res.facilities_skipped, 2);
    assert_int_equal(sum.res.facilities_used, 2);
    assert_int_equal(sum.res.facilities_unmapped, 2);
    assert_int_equal(sum.res.facilities_planned, 1);
    /* the table without a category field is read by names; each source named in its warnings */
    assert_non_null(strstr(logbuf, "g.csv:g: no category field 'category'"));
    assert_non_null(strstr(logbuf, "f.csv:f: category '便利店' maps to no key"));
    assert_non_null(strstr(logbuf, "g.csv:g: category '(empty)' maps to no key"));
    assert_non_null(strstr(logbuf, "g.csv:g: feature 4 has no geometry"));
    lc_dataset_destroy(ds);
    /* too many sources (a repeated setting adds items, as a repeated flag) */
    lc_options_destroy(o);
    o = lc_options_create();
    lc_options_set(ctx, o, "estates", lc_scratch_write("e.geojson", estates_noid), LC_SRC_FLAG);
    lc_options_set(ctx, o, "s_srs", "EPSG:32650", LC_SRC_FLAG);
    char many[17 * 300] = "";
    for (int i = 0; i <= LC_MAX_FACILITY_SOURCES; i++)
        snprintf(many + strlen(many), sizeof many - strlen(many), "%s%s/f.csv", i ? "," : "",
                 tmpdir);
    lc_options_set(ctx, o, "facilities", many, LC_SRC_FLAG);
    assert_int_equal(lc_scratch_load(ctx, o, &ds, &sum), LC_ERR_ARG);
    assert_non_null(strstr(lc_ctx_errmsg(ctx), "17 sources, at most 16"));
    lc_options_destroy(o);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(csv_without_crs_is_an_error),
        cmocka_unit_test(every_feature_accounted_for),
        cmocka_unit_test(requested_categories_and_mapping),
        cmocka_unit_test(missing_category_field),
        cmocka_unit_test(walkability_rule),
        cmocka_unit_test(categories_name_raw_values),
        cmocka_unit_test(categories_by_name),
        cmocka_unit_test(names_without_category_field),
        cmocka_unit_test(several_sources),
    };
    return cmocka_run_group_tests_name("model", tests, setup, teardown);
}
