/* i18n.c — Chinese and English words of the outputs; see i18n.h. */
#include <stdio.h>
#include <string.h>

#include "i18n.h"

typedef struct {
    const char *key, *zh, *en;
} word;

static const word WORDS[] = {
    /* estate roles and pass-through fields */
    {"id", "编号", "id"}, {"name", "名称", "name"}, {"build_year", "建成年份", "year built"},
    {"households", "户数", "households"}, {"population", "人口", "population"},
    {"elderly", "老年人口", "elderly"}, {"children", "儿童", "children"},
    {"district", "街道", "district"}, {"bundle", "改造片区", "bundle"},
    {"priority", "改造优先分(缺口涉及人数)", "priority (people left without, per tier)"},
    {"inside", "所在小区编号(套叠)", "inside estate (id)"}, {"holds", "内含小区数(套叠)", "estates inside it"},
    {"priorities", "优先改造小区（配套缺口最大，2000年前建成优先）", "Estates to renovate first (largest service gaps, built before 2000 first)"},
    {"rank", "排名", "rank"}, {"estate", "小区", "estate"}, {"build_year", "建成年份", "built"},
    {"why", "缺口", "what it lacks"},
    {"priority_note", "改造优先分：小区每缺一类设施的一个生活圈（5、10 分钟，及设置时的 15 分钟），计入该类设施服务人群的人数"
                      "（养老计老年人口，托育与幼儿园计儿童，其他计总人口）；2000 年前建成的小区排在前面，"
                      "其后按得分从高到低。",
     "Score: for each category and tier (5, 10 and, when set, 15 min) the estate lacks, the people the category serves "
     "(elderly for elder care, children for childcare and kindergartens, population otherwise); estates "
     "built before 2000 come first, then by falling score."},
    {"priority_unknown", "没有任何小区有人数字段的类别，每缺一项计 1 分：",
     " No estate has a count of the people these categories serve, so each of their gaps counts 1: "},
    {"key_figures", "要点", "Key figures"},
    {"priority_none", "没有小区缺少设施。", "No estate lacks a facility."},
    {"catkey", "设施类别", "category key"}, {"category", "类别", "category"},
    {"catsrc", "类别依据", "category from"},
    /* service areas */
    {"tier", "生活圈(分钟)", "tier (minutes)"}, {"radius_m", "半径(米)", "radius (m)"},
    {"mode", "方式", "mode"}, {"facilities", "设施数", "facilities"},
    {"facility", "设施", "facility"},
    /* bundles */
    {"n_estates", "小区数", "estates"}, {"members", "成员小区", "member estates"},
    {"size_total", "规模合计", "size total"}, {"reaches", "达到规模下限", "reaches minimum"},
    {"area_ha", "面积(公顷)", "area (ha)"}, {"oldest_yr", "最早建成年份", "oldest year"},
    {"spread_m", "离散半径(米)", "spread (m)"}, {"gaps", "生活圈缺口", "living-circle gaps"},
    /* adjacency */
    {"estate_a", "小区A", "estate A"}, {"estate_b", "小区B", "estate B"},
    {"gap_m", "间距(米)", "gap (m)"}, {"shared_m", "共边长度(米)", "shared border (m)"},
    {"cross_district", "跨街道", "across districts"}, {"joinable", "可合并", "joinable"},
    {"same_bundle", "同一片区", "same bundle"},
    /* sites */
    {"rank", "排序", "rank"}, {"candidate", "候选点", "candidate"},
    {"weight_field", "权重字段", "weight field"}, {"marginal", "新增覆盖", "marginal gain"},
    {"cumulative", "累计覆盖", "cumulative"}, {"share", "覆盖比例", "covered share"},
    {"n_new", "新覆盖小区数", "estates newly covered"}, {"estates", "新覆盖小区", "estates newly covered"},
    {"cost", "成本", "cost"}, {"capacity", "容量", "capacity"}, {"method", "求解方式", "method"},
    {"gap", "与最优解差距", "gap to the optimum"},
    /* facilities: capacity-aware access */
    {"places", "名额(床位/托位)", "places"},
    {"load5", "5分钟服务负荷(需求人数/名额)", "5-minute load (demand per place)"},
    {"load10", "10分钟服务负荷(需求人数/名额)", "10-minute load (demand per place)"},
    {"load15", "15分钟服务负荷(需求人数/名额)", "15-minute load (demand per place)"},
    /* comparison of scenarios (changes layer) */
    {"scenario", "方案", "scenario"}, {"gains", "新增覆盖项数", "gaps closed"},
    {"losses", "失去覆盖项数", "gaps opened"}, {"change", "变化", "change"},
    {"gain", "新增覆盖", "gains"}, {"loss", "失去覆盖", "loses"}, {"min", "分钟", " min"},
    {"change_other", "覆盖比例、步行距离或名额变化", "share, walking distance or places changed"},
    {"gains_only", "新增覆盖", "gains"}, {"losses_only", "失去覆盖", "losses"},
    {"gains_losses", "有增有减", "gains and losses"},
    {"sc_added", "新增设施 %zu 个", "%zu facilities added"},
    {"sc_removed", "撤除设施 %zu 个", "%zu facilities removed"},
    {"sc_places", "修改名额 %zu 个", "new places for %zu facilities"},
    {"sc_lines", "新增步行线路", "walking lines added"},
    {"sc_closed", "封闭线路 %zu 条", "%zu lines closed"},
    {"sc_gates", "新增出入口", "gates added"},
    {"_before", "(之前)", " (before)"}, {"_after", "(之后)", " (after)"},
    {"_diff", "(变化)", " (change)"},
    /* the comparison's page (compare.html) */
    {"cmp_title", "方案比选", "Comparison of options"}, {"cmp_n_options", "个方案", "options"},
    {"cmp_options", "比选方案", "The options"}, {"cmp_edits", "方案内容", "what it changes"},
    {"cmp_side", "方案对比", "The options side by side"},
    {"cmp_side_note", "之前为现状（baseline/），之后为实施该方案后。比例为生活圈内可达（没有缺口）的小区或人口所占比例；"
                      "受益、受损为缺口消除、新增的小区数与人数。数字与 compare.csv 相同。",
     "Before: the inputs as they are (baseline/); after: with the option. Shares of the estates and of the people "
     "within reach (no gap); gaining and losing: the estates and people whose gap closes or opens. The numbers "
     "are compare.csv's."},
    {"cmp_share_estates", "可达小区比例", "estates within reach"},
    {"cmp_share_people", "覆盖比例", " within reach"},
    {"cmp_gaining", "受益小区", "estates gaining"}, {"cmp_losing", "受损小区", "estates losing"},
    {"cmp_people_gl", "受益 / 受损", " gaining / losing"},
    {"cmp_maps", "覆盖增减图", "Gains and losses"}, {"unchanged", "无变化", "unchanged"},
    {"cmp_maps_note", "各图范围与比例尺相同。绿色：只有缺口消除；红色：只有缺口新增；深灰：两者都有；"
                      "灰色轮廓：只有覆盖比例、步行距离或名额变化；浅灰：没有变化。各小区的变化见 changes 图层。",
     "All maps share one frame and scale. Green: gaps only closed; red: gaps only opened; dark grey: both; "
     "grey outline: only a share, a walking distance or places changed; light grey: no change. The changes "
     "layer has each estate's changes."},
    /* suffixes of computed fields */
    {"_d", "直线距离(米)", "straight-line distance (m)"},
    {"_w", "步行距离(米)", "walking distance (m)"},
    {"_c", "分钟覆盖比例", "-minute covered share"},
    {"_g", "分钟缺口", "-minute gap"},
    {"_a", "分钟每千人可用名额", "-minute places per 1,000 (2SFCA)"},
    {"_s", "分钟名额缺口(对照标准)", "-minute places short of the norm"},
    /* legend and report words */
    {"covered5", "5分钟内可达", "within 5 minutes"},
    {"covered10", "仅10分钟内可达", "only within 10 minutes"},
    {"gap10", "10分钟内无设施", "none within 10 minutes"},
    {"title", "老旧小区改造生活圈评估", "Living-circle assessment for estate renovation"},
    {"overview", "总览图", "Overview map"}, {"coverage", "生活圈覆盖", "Living-circle coverage"},
    {"bundles", "改造片区", "Renovation bundles"}, {"sites", "新增设施建议选址", "Suggested sites"},
    {"inputs", "输入与参数", "Inputs and parameters"}, {"setting", "参数", "setting"},
    {"value", "取值", "value"}, {"source", "来源", "source"}, {"share5", "5分钟内可达的小区比例", "share of estates reaching it within 5 min"},
    {"share10", "10分钟覆盖率", "share 10 min"}, {"share15", "15分钟覆盖率", "share 15 min"},
    {"gapcount", "10分钟内无设施的小区数", "estates without it within 10 min"}, {"legend", "图例", "Legend"},
    {"walk", "步行", "walking"}, {"line", "直线", "straight line"},
    {"line_note", "图中小区按缺口着色;片区为蓝色轮廓;设施为小点;建议选址为星形。",
     "Estates coloured by gap; bundles outlined in blue; facilities as dots; suggested sites as stars."},
    {"size_note", "地图几何已简化以便绘制", "map geometry simplified for drawing"},
    {"points_note", "小区为点数据(没有边界),以圆点表示;没有改造片区。",
     "Estates are points (no boundaries): drawn as dots; no bundles."},
    {"left_out", "本报告未包含：", "Left out of this report:"},
    {"no_outlines", "小区多于 3000 个，地图只按缺口着色，不画小区边线", "more than 3,000 estates: the maps colour them by gap without outlines"},
    {"one_cat_dots", "设施多于 2000 个，总览图只画所示类别的设施", "more than 2,000 facilities: the overview shows those of the category shown only"},
    {"no_service_areas", "服务范围未计算（小区多于 100000 个时默认不算；用 --service-areas whole 或 district 输出）", "service areas were not computed (not by default above 100,000 estates; --service-areas whole or district writes them)"},
    {"none", "无", "none"}, {"total", "合计", "total"},
    {"places_ok", "10分钟内名额达标", "within 10 minutes: places meet the norm"},
    {"places_half", "10分钟内名额达标准一半以上", "within 10 minutes: half the norm or more"},
    {"places_low", "10分钟内名额不足标准一半", "within 10 minutes: under half the norm"},
    {"places_none", "10分钟内无可用名额", "no places within 10 minutes"},
    {"norm", "标准 每千人", "norm per 1,000"},
    {"access", "设施容量与可用名额(两步移动搜索法)", "Places within reach (two-step floating catchment)"},
    {"access_note", "每个设施的名额按其服务半径内的需求人数分摊,小区可用名额为可达设施分摊之和(2SFCA)。",
     "Each facility's places are shared among the demand within its radius; an estate's places are the sum of its reachable facilities' shares (2SFCA)."},
    {"access_note_gauss", "同上,并按距离高斯衰减加权(E2SFCA)。",
     "As 2SFCA, with pairs weighted by a Gaussian of the distance (E2SFCA)."},
    {"category", "类别", "category"}, {"facilities", "设施数", "facilities"},
    {"demand", "需求人数", "demand"}, {"a5", "5分钟每千人名额", "places per 1,000, 5 min"},
    {"a10", "10分钟每千人名额", "places per 1,000, 10 min"},
    {"under_norm", "低于标准的小区", "estates under the norm"},
    {"short10", "10分钟名额缺口", "places short, 10 min"},
    /* equity: Gini, Palma, Lorenz curves, worst-served and gap lists */
    {"equity", "公平性（基尼系数、帕尔玛比值）与补短板清单", "Equity: how evenly access is spread, and who is served worst"},
    {"equity_note", "基尼系数：按人口加权的小区人均可达资源的不均等程度，0 为人人相同，越接近 1 越集中在少数人；"
                    "帕尔玛比值：可达资源最好的 10% 人口所得与最差的 40% 人口所得之比（按可达资源排序，跨分界的小区按人数拆分），"
                    "最差 40% 人口一无所得时不计算（记为“–”）。只计需求人数已知且大于 0 的小区；有设施容量时可达资源为每千人可用名额（2SFCA），"
                    "没有容量时为生活圈内是否可达（0 或 1，即覆盖比例）。",
     "Gini: how unequal per-capita access is across estates, weighted by their people: 0 when everyone has the same, "
     "towards 1 when a few hold it all. Palma: the access of the best-served 10 % of people over that of the "
     "worst-served 40 % (people ranked by access, an estate on a cut split by its people); none (–) when the "
     "worst-served 40 % have no access at all. Only estates with a known, positive demand count. With "
     "capacities, access is the places per 1,000 within reach (2SFCA); without, whether the estate reaches the "
     "service within the tier (0 or 1: the covered share)."},
    {"of_places", "每千人可用名额", "places per 1,000"},
    {"of_share", "覆盖比例，无容量数据", "covered share, no capacities"},
    {"lorenz_places", "每千人可用名额", "places per 1,000"},
    {"lorenz_share", "覆盖（无容量数据，按是否可达）", "coverage (no capacities: reached or not)"},
    {"measured_on", "计算依据", "measured on"}, {"counted", "计入小区数", "estates counted"},
    {"palma_none", "“–”：最差的 40% 人口没有任何可达资源，帕尔玛比值无法计算。",
     "–: the worst-served 40 % of people have no access at all, so there is no Palma ratio."},
    {"equity_nobody", "计入小区数为 0 的类别：没有任何小区有该类设施服务人群的人数（如 OpenStreetMap 的居住区没有人口），"
                      "无法计算基尼系数和帕尔玛比值；请用 --field 指明人数字段。",
     "Categories with 0 estates counted: no estate has a count of the people the category serves (OpenStreetMap's "
     "residential areas carry none), so there is no Gini or Palma; name the field with --field."},
    {"worst_served", "服务最差的小区（补短板）", "Estates served worst"},
    {"worst_note", "每类设施按 10 分钟生活圈内人均可达资源从低到高列出前 10 个小区（同值时名额缺口大者在前，再按人数）。"
                   "“新增一处设施”：有容量时为在该小区设一处该类设施（容量取 capacity 设置，否则取现有设施名额的中位数）"
                   "且只服务该小区时，其每千人名额最多增加多少；无容量时为可新覆盖的人数。",
     "Per category the 10 estates whose people have the least access within 10 minutes (ties: the largest "
     "shortfall against the norm first, then the most people). A new site there: with capacities, the places "
     "per 1,000 a site of the category's usual size (the capacity setting, else the median of its facilities' "
     "places) would add at most, serving this estate alone; without, the people it would newly cover."},
    {"people", "人数", "people"}, {"access10", "10分钟可达", "access within 10 min"},
    {"shortfall", "名额缺口", "places short"}, {"new_site", "新增一处设施", "a new site there"},
    {"covers_it", "新覆盖该小区（人数未知）", "covers the estate (people unknown)"},
    {"worst_none", "所有小区都能在 10 分钟内到达。", "Every estate reaches it within 10 minutes."},
    {"gap_list", "生活圈缺口清单", "Gap list"},
    {"gap_note", "各类设施、各生活圈内没有该设施的小区，按街道汇总（人数为该类设施的服务人群）；完整清单见 gaps.csv。",
     "Per category and tier the estates without it, by district (people: those the category serves); gaps.csv "
     "lists every one."},
    {"n_gap", "缺口小区数", "estates without"}, {"gap_estates", "小区", "estates"},
};

static const word CATS[] = {
    {"elder", "养老", "elder care"}, {"child", "托育", "childcare"}, {"kgdn", "幼儿园", "kindergarten"},
    {"clinic", "卫生服务站", "clinic"}, {"hosp", "医院", "hospital"}, {"comm", "社区服务", "community service"},
};

static const char *pick(const word *w, lc_lang lang)
{
    return lang == LC_LANG_EN ? w->en : w->zh;
}

const char *lc_tr(lc_lang lang, const char *key)
{
    for (size_t i = 0; i < sizeof WORDS / sizeof *WORDS; i++)
        if (!strcmp(WORDS[i].key, key)) return pick(&WORDS[i], lang);
    return key;
}

const char *lc_tr_cat(lc_lang lang, const char *catkey)
{
    if (!catkey) return "";
    for (size_t i = 0; i < sizeof CATS / sizeof *CATS; i++)
        if (!strcmp(CATS[i].key, catkey)) return pick(&CATS[i], lang);
    return catkey;
}

/* The alias of a field of the changes layer, "<field>_before", "_after" or "_diff": the
 * field's alias and the word for the suffix. NULL when it is none of them. */
static const char *change_alias(lc_lang lang, const char *field, char *buf, size_t cap)
{
    static const char *const suffix[] = {"_before", "_after", "_diff"};
    size_t n = strlen(field);
    for (size_t i = 0; i < 3; i++) {
        size_t k = strlen(suffix[i]);
        if (n <= k || n - k > 31 || strcmp(field + n - k, suffix[i])) continue;
        char stem[32], inner[128];
        snprintf(stem, sizeof stem, "%.*s", (int)(n - k), field);
        const char *a = lc_field_alias(lang, stem, inner, sizeof inner);
        if (!a) return NULL;
        snprintf(buf, cap, "%s%s", a, lc_tr(lang, suffix[i]));
        return buf;
    }
    return NULL;
}

const char *lc_field_alias(lc_lang lang, const char *field, char *buf, size_t cap)
{
    for (size_t i = 0; i < sizeof WORDS / sizeof *WORDS; i++)
        if (WORDS[i].key[0] != '_' && !strcmp(WORDS[i].key, field)) return pick(&WORDS[i], lang);
    const char *ch = change_alias(lang, field, buf, cap);
    if (ch) return ch;
    const char *us = strrchr(field, '_');
    if (!us || us == field || us - field > 6) return NULL;
    char cat[8], kind[3] = {'_', us[1], '\0'};
    snprintf(cat, sizeof cat, "%.*s", (int)(us - field), field);
    const char *minutes = us + 2, *suffix = lc_tr(lang, kind);
    if (suffix == kind) return NULL;
    if (*minutes) /* "_c10", "_g5" */
        snprintf(buf, cap, "%s %s%s", lc_tr_cat(lang, cat), minutes, suffix);
    else snprintf(buf, cap, "%s %s", lc_tr_cat(lang, cat), suffix);
    return buf;
}
