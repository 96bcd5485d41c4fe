/*
 * test_e2e.c — end-to-end test of the lifecircle CLI.
 *
 * Runs build/lifecircle (env LC_CLI) as a subprocess on the bundled sample (env LC_DATA)
 * and on the real OSM extracts when present (env LC_REAL, default
 * <LC_DATA>/../../shared/data/real), writing into a fresh mkdtemp directory in /tmp that
 * the group teardown removes. Every output is read back with GDAL's C API, and the
 * values are compared with numbers computed here independently: the analytic sentinel
 * geometry of data/README.md, distances / coverage shares recomputed with OGR from the
 * written estate and facility geometries, and walking distances k_w by a second
 * implementation of the user guide's network rules (a plain Dijkstra over the network read back).
 *
 * Env: LC_CLI, LC_DATA, LC_REAL, LC_E2E_SKIP_REAL (skip the real-data tests),
 *      LC_E2E_VERBOSE (print the CLI's output of every run), LC_E2E_FILTER (run only the
 *      tests whose name matches this cmocka pattern, e.g. "test_pg_*").
 * The PostGIS tests start a private server (pg_server.h) and skip only when PostgreSQL or
 * PostGIS is not installed.
 */
#include "e2e.h"

/* The tests whose names match none of the comma-separated globs in `skip` (NULL: all),
 * moved to the front of `t`; their count. (cmocka's skip filter takes one pattern.) */
static size_t drop_skipped(struct CMUnitTest *t, size_t n, const char *skip)
{
    size_t kept = 0;
    for (size_t i = 0; i < n; i++) {
        bool drop = false;
        for (const char *p = skip; p && *p && !drop;) {
            size_t len = strcspn(p, ",");
            char pat[128];
            snprintf(pat, sizeof pat, "%.*s", (int)len, p);
            drop = pat[0] && fnmatch(pat, t[i].name, 0) == 0;
            p += len + (p[len] == ',');
        }
        if (!drop) t[kept++] = t[i];
    }
    return kept;
}

int main(void)
{
    if (getenv("LC_E2E_FILTER")) cmocka_set_test_filter(getenv("LC_E2E_FILTER"));
    struct CMUnitTest tests[] = {
        cmocka_unit_test(test_reference_integration),
        cmocka_unit_test(test_sample_exit_and_counts),
        cmocka_unit_test(test_sample_service_areas),
        cmocka_unit_test(test_sample_crs),
        cmocka_unit_test(test_sample_field_names),
        cmocka_unit_test(test_sentinels_gpkg),
        cmocka_unit_test(test_sentinels_shp),
        cmocka_unit_test(test_sentinels_geojson),
        cmocka_unit_test(test_sample_recomputed),
        cmocka_unit_test(test_priority_field),
        cmocka_unit_test(test_facilities_layer),
        cmocka_unit_test(test_network_sample),
        cmocka_unit_test(test_entrances),
        cmocka_unit_test(test_per_facility),
        cmocka_unit_test(test_network_real),
        cmocka_unit_test(test_bundles_sample),
        cmocka_unit_test(test_bundle_bad_filter),
        cmocka_unit_test(test_bundles_real),
        cmocka_unit_test(test_sites_line),
        cmocka_unit_test(test_sites_walk),
        cmocka_unit_test(test_sites_target_and_budget),
        cmocka_unit_test(test_sites_capacity),
        cmocka_unit_test(test_access_2sfca),
        cmocka_unit_test(test_equity_measures),
        cmocka_unit_test(test_rerun_on_own_output),
        cmocka_unit_test(test_site_needs_category),
        cmocka_unit_test(test_report_and_styles),
        cmocka_unit_test(test_messages_follow_the_language),
        cmocka_unit_test(test_order_and_format_invariance),
        cmocka_unit_test(test_writing_threads_and_formats),
        cmocka_unit_test(test_service_areas_district_and_none),
        cmocka_unit_test(test_bad_files),
        cmocka_unit_test(test_bad_features),
        cmocka_unit_test(test_bad_network),
        cmocka_unit_test(test_gbk_shapefile),
        cmocka_unit_test(test_poi_table_gbk_bd09),
        cmocka_unit_test(test_poi_table_real_shanghai),
        cmocka_unit_test(test_full_disk),
        cmocka_unit_test(test_no_category_at_all),
        cmocka_unit_test(test_stale_staging_removed),
        cmocka_unit_test(test_budget_defaults),
        cmocka_unit_test(test_summary_csv),
        cmocka_unit_test(test_rerun_same_dir),
        cmocka_unit_test(test_output_is_a_file),
        cmocka_unit_test(test_missing_estates),
        cmocka_unit_test(test_geographic_crs_rejected),
        cmocka_unit_test(test_config_file),
        cmocka_unit_test(test_flag_beats_config),
        cmocka_unit_test(test_r15),
        cmocka_unit_test(test_category_without_facilities),
        cmocka_unit_test(test_map_option),
        cmocka_unit_test(test_real_helsinki),
        cmocka_unit_test(test_real_monaco),
        cmocka_unit_test(test_real_liechtenstein_walking),
        cmocka_unit_test(test_categories_name_raw_values),
        cmocka_unit_test(test_categories_name_raw_values_real),
        cmocka_unit_test(test_list_flags_split),
        cmocka_unit_test(test_list_flags_split_real),
        cmocka_unit_test(test_walkability_rule),
        cmocka_unit_test(test_geofabrik_roads),
        cmocka_unit_test(test_walkability_rule_real),
        cmocka_unit_test(test_walk_reference_sample),
        cmocka_unit_test(test_walk_reference_settings),
        cmocka_unit_test(test_walk_reference_real),
        cmocka_unit_test(test_osm_estates_default),
        cmocka_unit_test(test_osm_estates_default_real),
        cmocka_unit_test(test_datum_check_real),
        cmocka_unit_test(test_datum_check_sample),
        cmocka_unit_test(test_mission_categories_beijing),
        cmocka_unit_test(test_mission_categories_shanghai),
        cmocka_unit_test(test_several_facility_sources),
        cmocka_unit_test(test_osm_and_table),
        cmocka_unit_test(test_pg_round_trip),
        cmocka_unit_test(test_pg_rerun_replaces),
        cmocka_unit_test(test_pg_failed_write_changes_nothing),
        cmocka_unit_test(test_point_estates),
        cmocka_unit_test(test_point_estates_real),
        cmocka_unit_test(test_pg_point_estates),
        cmocka_unit_test(test_chinese_fields),
        cmocka_unit_test(test_nested_estates),
        cmocka_unit_test(test_nested_estates_real),
        cmocka_unit_test(test_compare_sample),
        cmocka_unit_test(test_compare_errors),
        cmocka_unit_test(test_compare_real),
    };
    /* LC_E2E_SKIP: tests left out, e.g. under make valgrind (Makefile says which and why) */
    size_t n = drop_skipped(tests, sizeof tests / sizeof *tests, getenv("LC_E2E_SKIP"));
    return _cmocka_run_group_tests("e2e", tests, n, group_setup, group_teardown);
}
