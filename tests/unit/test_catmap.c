/* test_catmap.c — raw category values to keys: built-ins, normalisation, type paths,
 * OSM tag chains, user overrides. */
#include <string.h>

#include "lc_test.h"
#include "model/catmap.h"

static void builtin_chinese(void **state)
{
    (void)state;
    lc_catmap *m = lc_catmap_create(true);
    assert_string_equal(lc_catmap_lookup(m, "养老院"), "elder");
    assert_string_equal(lc_catmap_lookup(m, "日间照料中心"), "elder");
    assert_string_equal(lc_catmap_lookup(m, "托育"), "child");
    assert_string_equal(lc_catmap_lookup(m, "托儿所"), "child");
    assert_string_equal(lc_catmap_lookup(m, " 幼儿园 "), "kgdn"); /* blanks trimmed */
    assert_string_equal(lc_catmap_lookup(m, "社区卫生服务站"), "clinic");
    assert_null(lc_catmap_lookup(m, "便利店"));
    /* a key names itself (lifecircle's own sites layer carries `category` = key) */
    assert_string_equal(lc_catmap_lookup(m, "kgdn"), "kgdn");
    /* trimmed, ASCII case ignored, as every raw value */
    assert_string_equal(lc_catmap_lookup(m, " KGDN "), "kgdn");
    assert_null(lc_catmap_lookup(m, "kgdn2"));
    assert_null(lc_catmap_lookup(m, ""));
    assert_null(lc_catmap_lookup(m, NULL));
    lc_catmap_destroy(m);
}

/* Amap-style type paths: the most specific (last) segment decides. */
static void type_paths(void **state)
{
    (void)state;
    lc_catmap *m = lc_catmap_create(true);
    assert_string_equal(lc_catmap_lookup(m, "医疗保健服务;诊所;诊所"), "clinic");
    assert_string_equal(lc_catmap_lookup(m, "科教文化服务;学校;幼儿园"), "kgdn");
    assert_string_equal(lc_catmap_lookup(m, "生活服务|养老院"), "elder");
    assert_null(lc_catmap_lookup(m, "购物服务;便利店"));
    lc_catmap_destroy(m);
}

/* OSM tags as facilities.c joins them, generic to specific. */
static void osm_tag_chains(void **state)
{
    (void)state;
    lc_catmap *m = lc_catmap_create(true);
    assert_string_equal(lc_catmap_lookup(m, "amenity=kindergarten"), "kgdn");
    assert_string_equal(lc_catmap_lookup(m, "AMENITY=Kindergarten"), "kgdn");
    assert_string_equal(lc_catmap_lookup(m, "amenity=social_facility;social_facility=day_care;"
                                            "social_facility:for=child"), "child");
    assert_string_equal(lc_catmap_lookup(m, "amenity=social_facility;social_facility=day_care"),
                        "elder");
    assert_string_equal(lc_catmap_lookup(m, "healthcare=doctor;amenity=doctors"), "clinic");
    assert_null(lc_catmap_lookup(m, "amenity=pharmacy"));
    lc_catmap_destroy(m);
}

static void user_mapping_wins(void **state)
{
    (void)state;
    lc_catmap *m = lc_catmap_create(true);
    assert_int_equal(lc_catmap_add(m, "sen", "老年活动中心"), LC_OK);
    assert_int_equal(lc_catmap_add(m, "child", "幼儿园"), LC_OK); /* overrides kgdn */
    assert_string_equal(lc_catmap_lookup(m, "老年活动中心"), "sen");
    assert_string_equal(lc_catmap_lookup(m, "幼儿园"), "child");
    assert_string_equal(lc_catmap_key(m, 0), "elder"); /* definition order */
    assert_string_equal(lc_catmap_key(m, lc_catmap_key_count(m) - 1), "sen");
    lc_catmap_destroy(m);
    m = lc_catmap_create(false);
    assert_int_equal(lc_catmap_key_count(m), 0);
    assert_null(lc_catmap_lookup(m, "养老院"));
    lc_catmap_destroy(m);
}

/* A key named in `categories` (lc_catmap_add_key) matches raw values equal to it, as the
 * built-in keys do; an OSM tag's value too; mappings still win over the name. */
static void named_keys_match_raw_values(void **state)
{
    (void)state;
    lc_catmap *m = lc_catmap_create(true);
    assert_null(lc_catmap_lookup(m, "cafe"));
    assert_int_equal(lc_catmap_add_key(m, "cafe"), LC_OK);
    assert_int_equal(lc_catmap_add_key(m, "bank"), LC_OK);
    assert_string_equal(lc_catmap_lookup(m, "cafe"), "cafe");
    assert_string_equal(lc_catmap_lookup(m, " Cafe\t"), "cafe");
    assert_string_equal(lc_catmap_lookup(m, "BANK"), "bank");
    assert_null(lc_catmap_lookup(m, "cafes"));
    assert_null(lc_catmap_lookup(m, "internet_cafe"));
    /* OSM tag chains: the value of the most specific tag */
    assert_string_equal(lc_catmap_lookup(m, "amenity=cafe"), "cafe");
    assert_string_equal(lc_catmap_lookup(m, "amenity=bank;healthcare=cafe"), "cafe");
    assert_null(lc_catmap_lookup(m, "cafe=yes"));
    /* built-in mappings first: amenity=kindergarten stays kgdn */
    assert_int_equal(lc_catmap_add_key(m, "kinder"), LC_OK);
    assert_string_equal(lc_catmap_lookup(m, "amenity=kindergarten"), "kgdn");
    /* a mapping of the raw value wins over its name */
    assert_int_equal(lc_catmap_add(m, "food", "cafe"), LC_OK);
    assert_string_equal(lc_catmap_lookup(m, "Cafe"), "food");
    /* adding a key twice keeps one */
    size_t n = lc_catmap_key_count(m);
    assert_int_equal(lc_catmap_add_key(m, "bank"), LC_OK);
    assert_int_equal(lc_catmap_key_count(m), n);
    lc_catmap_destroy(m);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(builtin_chinese),
        cmocka_unit_test(type_paths),
        cmocka_unit_test(osm_tag_chains),
        cmocka_unit_test(user_mapping_wins),
        cmocka_unit_test(named_keys_match_raw_values),
    };
    return cmocka_run_group_tests_name("catmap", tests, NULL, NULL);
}
