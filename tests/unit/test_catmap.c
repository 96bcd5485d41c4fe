/* test_catmap.c — raw category values to keys: built-ins, normalisation, type paths,
 * OSM tag chains, user overrides; and the name rule (catnames.h) on real names. */
#include <stdio.h>
#include <string.h>

#include "lc_test.h"
#include "model/catmap.h"
#include "model/catnames.h"

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

/* The key and source the name rule gives `name`, as "key/source" ("-/planned" without key). */
static const char *by_name(const lc_catnames *n, const char *name)
{
    static char buf[64];
    lc_catsrc src = LC_CATSRC_PLANNED + 1;
    const char *k = lc_catnames_match(n, name, &src);
    snprintf(buf, sizeof buf, "%s/%s", k ? k : "-", lc_catsrc_name(src));
    return buf;
}

/* Names as they are in OSM extracts and web-map exports (user guide, Categories by name). */
static void name_rule_real_names(void **state)
{
    (void)state;
    lc_catnames *n = lc_catnames_create(true);
    assert_non_null(n);
    /* Beijing Wudaokou */
    assert_string_equal(by_name(n, "中国农业大学东校区幼儿园"), "kgdn/name");
    assert_string_equal(by_name(n, "未来之星实验幼儿园"), "kgdn/name");
    assert_string_equal(by_name(n, "0803-633规划幼儿园"), "-/planned");
    assert_string_equal(by_name(n, "原幼儿园停车场"), "-/");
    assert_string_equal(by_name(n, "北京熙仁医院"), "hosp/name");
    assert_string_equal(by_name(n, "中国农业大学东区社区卫生服务中心"), "clinic/name");
    assert_string_equal(by_name(n, "中国农业大学附属实验小学"), "-/");
    /* a maternal and child health hospital is a hospital, not a kindergarten */
    assert_string_equal(by_name(n, "海淀区妇幼保健院"), "hosp/name");
    assert_string_equal(by_name(n, "朝阳区妇幼保健所"), "hosp/name");
    assert_string_equal(by_name(n, "市保健院"), "hosp/name");
    /* the head noun comes last */
    assert_string_equal(by_name(n, "清华大学附属小学附属幼儿园"), "kgdn/name");
    assert_string_equal(by_name(n, "某医院附属幼儿园"), "kgdn/name");
    assert_string_equal(by_name(n, "某养老院附属医院"), "hosp/name");
    assert_string_equal(by_name(n, "某某养老服务中心"), "elder/name");
    assert_string_equal(by_name(n, "四平路街道社区养老服务站"), "elder/name");
    assert_string_equal(by_name(n, "福寿老年人日间照料中心"), "elder/name");
    assert_string_equal(by_name(n, "东风街道敬老院"), "elder/name");
    assert_string_equal(by_name(n, "阳光老年公寓"), "elder/name");
    assert_string_equal(by_name(n, "学院路养老驿站"), "elder/name");
    assert_string_equal(by_name(n, "红星托老所"), "elder/name");
    assert_string_equal(by_name(n, "阳光托儿所"), "child/name");
    assert_string_equal(by_name(n, "爱心托育中心"), "child/name");
    assert_string_equal(by_name(n, "五道口社区医院"), "clinic/name");
    assert_string_equal(by_name(n, "和美诊所"), "clinic/name");
    assert_string_equal(by_name(n, "四平社区服务中心"), "comm/name");
    /* 原 only right before the word: 原平 and 原阳 are places */
    assert_string_equal(by_name(n, "原平市人民医院"), "hosp/name");
    assert_string_equal(by_name(n, "四平路原幼儿园"), "-/");
    assert_string_equal(by_name(n, "东门社区卫生服务中心"), "clinic/name");
    /* not facilities: former sites, parts, neighbours, stops, streets, shops, training */
    assert_string_equal(by_name(n, "红星幼儿园旧址"), "-/");
    assert_string_equal(by_name(n, "人民医院站"), "-/");
    assert_string_equal(by_name(n, "人民医院东门"), "-/");
    assert_string_equal(by_name(n, "人民医院(北门)"), "-/");
    assert_string_equal(by_name(n, "医院路"), "-/");
    assert_string_equal(by_name(n, "医院东路社区卫生服务站"), "clinic/name");
    assert_string_equal(by_name(n, "人民医院职工宿舍"), "-/");
    assert_string_equal(by_name(n, "人民医院3号楼"), "-/");
    assert_string_equal(by_name(n, "人民医院家属院"), "-/");
    assert_string_equal(by_name(n, "人民医院门诊楼"), "-/");
    assert_string_equal(by_name(n, "幸福里日间照料中心(5号楼)"), "elder/name"); /* where it is */
    assert_string_equal(by_name(n, "阳光托育中心（万达广场3楼）"), "child/name");
    assert_string_equal(by_name(n, "瑞鹏宠物医院"), "-/");
    assert_string_equal(by_name(n, "儿童福利院"), "-/");
    assert_string_equal(by_name(n, "贝贝幼儿英语"), "-/");
    assert_string_equal(by_name(n, "爱婴母婴店"), "-/");
    assert_string_equal(by_name(n, "金宝贝早教中心"), "-/");
    assert_string_equal(by_name(n, "幼儿园用品商店"), "-/");
    assert_string_equal(by_name(n, "市养老保险服务中心"), "-/");
    assert_string_equal(by_name(n, "星巴克"), "-/");
    /* planned in other words */
    assert_string_equal(by_name(n, "拟建社区卫生服务中心"), "-/planned");
    assert_string_equal(by_name(n, "幼儿园用地"), "-/planned");
    assert_string_equal(by_name(n, ""), "-/");
    assert_string_equal(by_name(n, NULL), "-/");
    /* an OSM file is searched for fewer terms: every word contains one */
    const char *const *w, *const *terms;
    size_t nw = lc_catnames_words(n, &w), nt = lc_catnames_search_terms(n, &terms);
    assert_true(nw > 30 && nt < nw);
    for (size_t i = 0; i < nw; i++) {
        size_t hit = 0;
        for (size_t k = 0; k < nt; k++) hit += strstr(w[i], terms[k]) != NULL;
        if (!hit) fail_msg("no search term finds the word %s", w[i]);
    }
    /* and keeps what a word names, excluded and planned names too */
    assert_true(lc_catnames_any(n, "原幼儿园停车场"));
    assert_true(lc_catnames_any(n, "0803-633规划幼儿园"));
    assert_false(lc_catnames_any(n, "摩托车维修")); /* found by 托, named by no word */
    assert_false(lc_catnames_any(n, NULL));
    lc_catnames_destroy(n);
}

/* Words added by the user (names.<key>): matched as the built-in ones, winning a tie; the
 * rule off (no built-in words) matches only them; the words listed once each. */
static void name_rule_user_words(void **state)
{
    (void)state;
    lc_catnames *n = lc_catnames_create(true);
    assert_int_equal(lc_catnames_add(n, "elder", " Senior Home "), LC_OK);
    assert_int_equal(lc_catnames_add(n, "clinic", "医院"), LC_OK); /* same word, later */
    assert_int_equal(lc_catnames_add(n, "elder", ""), LC_OK);      /* ignored */
    assert_string_equal(by_name(n, "Sunny SENIOR HOME"), "elder/name");
    assert_string_equal(by_name(n, "五道口医院"), "clinic/name");
    assert_string_equal(by_name(n, "海淀区妇幼保健院"), "hosp/name"); /* longer, same end */
    const char *const *w;
    size_t nw = lc_catnames_words(n, &w), hits = 0;
    for (size_t i = 0; i < nw; i++) hits += !strcmp(w[i], "医院");
    assert_int_equal(hits, 1);
    /* the user's words are searched for as they are */
    size_t nt = lc_catnames_search_terms(n, &w), found = 0;
    for (size_t i = 0; i < nt; i++) found += !strcmp(w[i], "senior home");
    assert_int_equal(found, 1);
    char buf[256];
    assert_string_equal(lc_catnames_examples(n, "kgdn", 8, buf, sizeof buf), "幼儿园、幼稚园");
    assert_string_equal(lc_catnames_examples(n, "pub", 8, buf, sizeof buf), "");
    lc_catnames_destroy(n);
    n = lc_catnames_create(false);
    assert_int_equal(lc_catnames_words(n, &w), 0);
    assert_string_equal(by_name(n, "阳光幼儿园"), "-/");
    assert_int_equal(lc_catnames_add(n, "sen", "颐养"), LC_OK);
    assert_string_equal(by_name(n, "泰康颐养中心"), "sen/name");
    lc_catnames_destroy(n);
    assert_string_equal(lc_catsrc_name(LC_CATSRC_VALUE), "value");
    assert_string_equal(lc_catsrc_name(LC_CATSRC_OSM), "osm");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(builtin_chinese),
        cmocka_unit_test(type_paths),
        cmocka_unit_test(osm_tag_chains),
        cmocka_unit_test(user_mapping_wins),
        cmocka_unit_test(named_keys_match_raw_values),
        cmocka_unit_test(name_rule_real_names),
        cmocka_unit_test(name_rule_user_words),
    };
    return cmocka_run_group_tests_name("catmap", tests, NULL, NULL);
}
