//! `agency-mismatch`: the 发布机构 row or the signature names another agency than the title.
//! Only a clear difference counts (another place, another body); an abbreviation of the same
//! name does not, nor a government that may be the site carrying a department's report.

use super::finding;
use crate::diagnostic::{Diagnostic, Related};
use crate::model::{AgencySource, Report};
use crate::text::agency::{is_government, looks_like_agency, may_host, same_agency};

pub fn check(report: &Report, out: &mut Vec<Diagnostic>) {
    let Some(title) = report
        .agencies
        .iter()
        .find(|a| a.source == AgencySource::Title)
    else {
        return;
    };
    for other in report
        .agencies
        .iter()
        .filter(|a| a.source != AgencySource::Title && looks_like_agency(&a.name))
    {
        // A government may be the site's name above a department's title, and a government or
        // its office the site named as 发布机构: either way not clearly another agency.
        if same_agency(&title.name, &other.name)
            || (is_government(&title.name) && may_host(&title.name, &other.name))
            || (other.source == AgencySource::Row && may_host(&other.name, &title.name))
        {
            continue;
        }
        let place = if other.source == AgencySource::Row {
            "发布机构"
        } else {
            "落款"
        };
        let mut d = finding(
            "agency-mismatch",
            other.span.clone(),
            format!(
                "{place}写的是「{}」,标题写的是「{}」:不是同一机关\n\
                 标题、发布机构与落款应为同一机关(简称不算不同);请核对是否沿用了其他机关的报告",
                crate::text::excerpt(&other.name),
                crate::text::excerpt(&title.name)
            ),
        );
        d.related = vec![Related {
            span: title.span.clone(),
            message: format!("标题中的机关:{}", crate::text::excerpt(&title.name)),
            document: None,
        }];
        out.push(d);
    }
}
