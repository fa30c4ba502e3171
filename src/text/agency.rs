//! Names of agencies: what looks like one, and when two names may be the same body. Reports
//! shorten names freely (民宗局 for 民族宗教局, 朝阳区政府办公室 for 北京市朝阳区人民政府办公室,
//! 市应急管理局 for 衢州市应急管理局), so "the same" is generous and "different" means clearly so.

use super::normalize::fold;

/// The longest name taken for an agency's.
pub const AGENCY_MAX_CHARS: usize = 30;
/// The last character of the name of a body or a place.
const ENDINGS: &str = "局委会办室厅府院心处所站队部署馆社镇乡道司团庭校组区县市省州旗";
/// The characters that end a place name (北京市, 朝阳区, 某某镇).
const PLACE_ENDINGS: &str = "省市区县州旗盟镇乡";
const PLACE_MAX_CHARS: usize = 7;

/// Whether a short text ends the way a body's or a place's name does (局, 委员会, 办公室,
/// 人民政府, 街道, 县…), with no punctuation: a signature or a title's agency.
pub fn looks_like_agency(name: &str) -> bool {
    let n = name.chars().count();
    (2..=AGENCY_MAX_CHARS).contains(&n)
        && !name.contains(['。', '|', ',', '\u{ff0c}', ':', '\u{ff1a}'])
        // A site's name above a copied page (某某市人民政府门户网站) is no agency.
        && !["网站", "门户", "平台"].iter().any(|w| name.contains(w))
        && name.chars().last().is_some_and(|c| ENDINGS.contains(c))
}

/// A name as compared: folded, without blanks or a bracketed aside, 人民政府 as 政府.
fn canonical(name: &str) -> Vec<char> {
    let mut out = Vec::new();
    let mut depth = 0u32;
    for c in fold(name).replace("人民政府", "政府").chars() {
        match c {
            '(' | '[' => depth += 1,
            ')' | ']' => depth = depth.saturating_sub(1),
            c if depth == 0 => out.push(c),
            _ => {}
        }
    }
    out
}

/// Whether `short` is `long` with characters left out, as abbreviations are made.
fn within(short: &[char], long: &[char]) -> bool {
    let mut rest = long.iter();
    short.iter().all(|c| rest.any(|l| l == c))
}

fn either_within(a: &[char], b: &[char]) -> bool {
    if a.len() <= b.len() {
        within(a, b)
    } else {
        within(b, a)
    }
}

/// The places a name opens with (北京市, 朝阳区) and the body after them. A lone 市 or 区 at
/// the start is "this city", "this district".
fn split(name: &[char]) -> (Vec<&[char]>, &[char]) {
    let mut places = Vec::new();
    let mut at = 0;
    while let Some(n) = name[at..]
        .iter()
        .take(PLACE_MAX_CHARS)
        .position(|c| PLACE_ENDINGS.contains(*c))
    {
        // A place ends its name: what follows must still hold a body.
        if at + n + 1 >= name.len() {
            break;
        }
        places.push(&name[at..at + n + 1]);
        at += n + 1;
    }
    (places, &name[at..])
}

/// Whether two lists of places may name the same place: matched from the innermost, each pair
/// equal or one a lone 市/区 of the same kind.
fn same_places(a: &[&[char]], b: &[&[char]]) -> bool {
    a.iter()
        .rev()
        .zip(b.iter().rev())
        .all(|(x, y)| x == y || ((x.len() == 1 || y.len() == 1) && x.last() == y.last()))
}

/// Whether two names may be the same agency.
pub fn same_agency(a: &str, b: &str) -> bool {
    let (a, b) = (canonical(a), canonical(b));
    if either_within(&a, &b) {
        return true;
    }
    let ((pa, ba), (pb, bb)) = (split(&a), split(&b));
    same_places(&pa, &pb) && either_within(ba, bb)
}

/// Whether a name is a government's (某某县人民政府, 某某县政府), not one of its offices.
pub fn is_government(name: &str) -> bool {
    canonical(name).ends_with(&['政', '府'])
}

/// Whether `host`, a government or its office (which runs the portal), may be the site that
/// carries `agency`'s report: the same place, or a place of another level (a city's portal
/// carries its districts').
pub fn may_host(host: &str, agency: &str) -> bool {
    let host = canonical(host);
    let government = ["办公室", "办公厅", "办", ""].iter().find_map(|office| {
        let office: Vec<char> = office.chars().collect();
        host.strip_suffix(&office[..])?
            .strip_suffix(&['政', '府'][..])
    });
    let Some(place) = government else {
        return false;
    };
    let agency = canonical(agency);
    let ((ph, _), (pa, _)) = (split(&host), split(&agency));
    let level = |p: &[&[char]]| p.last().and_then(|t| t.last().copied());
    place.is_empty()
        || ph.is_empty()
        || same_places(&ph, &pa)
        || level(&ph) != level(&pa)
        || within(place, &agency)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn abbreviations_of_one_agency() {
        for (a, b) in [
            ("北京市朝阳区人民政府办公室", "朝阳区政府办公室"),
            ("某某市生态环境局", "某某市生态环境局办公室"),
            ("杭州市民宗局", "市民族宗教局"),
            ("衢州市应急管理局", "市应急管理局"),
            ("某某市城市管理局", "某某市城管局"),
            ("某某县人民政府", "某某县人民政府办公室"),
            ("示例市 数据资源管理局", "示例市数据资源管理局"),
            ("某某区委办公室(区政府办公室)", "某某区委办公室"),
        ] {
            assert!(same_agency(a, b), "{a} / {b}");
            assert!(same_agency(b, a), "{b} / {a}");
        }
    }

    #[test]
    fn clearly_different_agencies() {
        for (a, b) in [
            ("某某县人民政府办公室", "示例市数据资源管理局"),
            ("北京市朝阳区人民政府办公室", "北京市海淀区人民政府办公室"),
            ("某某市生态环境局", "某某市应急管理局"),
            ("某某县应急管理局", "某某县人民政府"),
            ("甲县教育局", "乙县教育局"),
        ] {
            assert!(!same_agency(a, b), "{a} / {b}");
        }
    }

    #[test]
    fn a_government_site_carries_its_departments() {
        assert!(may_host("海州区人民政府", "连云港市海州区应急管理局"));
        assert!(may_host("某某市人民政府", "某某区应急管理局"));
        assert!(may_host("某某区人民政府办公室", "某某区应急管理局"));
        assert!(!may_host("甲县人民政府", "乙县教育局"));
        assert!(!may_host("某某县应急管理局", "某某县教育局"));
        assert!(is_government("某某县人民政府") && !is_government("某某县人民政府办公室"));
    }

    #[test]
    fn what_looks_like_an_agency() {
        assert!(looks_like_agency("西山区政务服务管理局"));
        assert!(looks_like_agency("某某街道办事处"));
        assert!(!looks_like_agency("本年度未收取信息处理费"));
        assert!(!looks_like_agency("某某市人民政府门户网站"));
        assert!(!looks_like_agency("联系电话:0570-3080061"));
    }
}
