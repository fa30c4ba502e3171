//! The 2019 and 2021 national formats (国办公开办函〔2019〕60号, 〔2021〕30号), as data.

use super::{
    CellPat, Claim, Column, Format, Headline, Label, Numbering, Relation, RowDef, Scope,
    SectionDef, Start, TableDef, ValueKind, YearRelation, at, col, row,
};

const fn label(official: &'static str) -> Label {
    Label {
        official,
        variants: &[],
    }
}

const fn label_or(official: &'static str, variants: &'static [&'static str]) -> Label {
    Label { official, variants }
}

pub static SECTIONS: [SectionDef; 6] = [
    SectionDef {
        number: 1,
        numeral: "一",
        heading: "一、总体情况",
        keywords: &[
            &["总体情况"],
            &["总体"],
            &["基本情况"],
            &["概况"],
            &["概述"],
        ],
        subject: &[&["总体情况"]],
        requires: "统一格式要求先概述本年度工作:主动公开、依申请公开、政府信息管理、政府信息公开平台建设、监督保障。",
    },
    SectionDef {
        number: 2,
        numeral: "二",
        heading: "二、主动公开政府信息情况",
        keywords: &[&["主动公开"]],
        subject: &[&["主动公开政府信息"]],
        requires: "条例第五十条第(一)项:行政机关主动公开政府信息的情况。统一格式以第二十条各项的表格填报。",
    },
    SectionDef {
        number: 3,
        numeral: "三",
        heading: "三、收到和处理政府信息公开申请情况",
        keywords: &[&["收到和处理"], &["依申请"], &["申请情况"]],
        subject: &[&["收到和处理"], &["公开申请", "情况"]],
        requires: "条例第五十条第(二)项:行政机关收到和处理政府信息公开申请的情况。统一格式以申请表填报,表内数据须满足勾稽关系。",
    },
    SectionDef {
        number: 4,
        numeral: "四",
        heading: "四、政府信息公开行政复议、行政诉讼情况",
        keywords: &[&["复议"], &["诉讼"]],
        subject: &[&["复议", "诉讼"]],
        requires: "条例第五十条第(三)项:因政府信息公开工作被申请行政复议、提起行政诉讼的情况。",
    },
    SectionDef {
        number: 5,
        numeral: "五",
        heading: "五、存在的主要问题及改进情况",
        keywords: &[&["问题"], &["改进"]],
        subject: &[&["问题", "改进"]],
        requires: "条例第五十条第(四)项:政府信息公开工作存在的主要问题及改进情况,各级人民政府的政府信息公开工作年度报告还应当包括工作考核、社会评议和责任追究结果情况。",
    },
    SectionDef {
        number: 6,
        numeral: "六",
        heading: "六、其他需要报告的事项",
        keywords: &[&["其他需要报告"], &["其他", "事项"]],
        subject: &[&["其他需要报告"], &["其他", "事项"]],
        requires: "条例第五十条第(五)项:其他需要报告的事项(如依《政府信息公开信息处理费管理办法》收取信息处理费的情况)。",
    },
];

/// Numberings real reports give their section headings besides `一、` (`(一)总体情况`,
/// `1. 总体情况`, `1、总体情况`, `第一部分 总体情况`), folded (`、` after a digit reads `.`).
pub static NUMBERINGS: [Numbering; 3] = [
    Numbering {
        open: "(",
        digits: false,
        close: &[")"],
    },
    Numbering {
        open: "",
        digits: true,
        close: &[".", ")"],
    },
    Numbering {
        open: "第",
        digits: false,
        close: &["部分"],
    },
];

pub static FORMATS: [Format; 2] = [
    Format {
        id: "2019",
        document: "国办公开办函〔2019〕60号",
        first_year: 2019,
        last_year: Some(2020),
        tables: &[
            &ITEM1_2019,
            &ITEM5_2019,
            &ITEM6_2019,
            &ITEM8_2019,
            &ITEM9_2019,
            &APPLY_2019,
            &REVIEW,
        ],
    },
    Format {
        id: "2021",
        document: "国办公开办函〔2021〕30号",
        first_year: 2021,
        last_year: None,
        tables: &[
            &ITEM1_2021,
            &ITEM5_2021,
            &ITEM6_2021,
            &ITEM8_2021,
            &APPLY_2021,
            &REVIEW,
        ],
    },
];

// ---------------------------------------------------------------------------------------------
// Section 二: one table per 第二十条 item.

const fn count(key: &'static str, official: &'static str) -> Column {
    Column {
        key,
        label: label(official),
        kind: ValueKind::Count,
        group: None,
    }
}

const fn item_row(key: &'static str, l: Label, note: &'static str) -> RowDef {
    RowDef {
        key,
        label: Some(l),
        groups: &[],
        note,
    }
}

const INFO: Label = label("信息内容");

static ITEM1_2021: TableDef = TableDef {
    kind: "第二十条第(一)项",
    name: "第二十条第(一)项表",
    section: 2,
    start: Start::Marker("第二十条第(一)项"),
    header: &[
        INFO,
        label_or("本年制发件数", &["本年新发件数"]),
        label("本年废止件数"),
        label("现行有效件数"),
    ],
    columns: &[
        Column {
            key: "本年制发件数",
            label: label_or("本年制发件数", &["本年新发件数"]),
            kind: ValueKind::Count,
            group: None,
        },
        count("本年废止件数", "本年废止件数"),
        count("现行有效件数", "现行有效件数"),
    ],
    rows: &[
        item_row("规章", label("规章"), "本机关制定的规章。"),
        item_row(
            "行政规范性文件",
            label_or("行政规范性文件", &["规范性文件"]),
            "本机关制发的行政规范性文件;现行有效件数应等于上年现行有效件数加本年制发、减本年废止。",
        ),
    ],
    groups: &[],
    relations: &[],
    article20_item: Some(1),
    claims: &[
        Claim {
            // `现行有效` right before the noun names the count, whatever verb leads the clause
            // (`清理后保留现行有效行政规范性文件393件`, `发布…现行有效规范性文件`).
            subject: "现行有效的行政规范性文件",
            nouns: &[
                "现行有效行政规范性文件",
                "现行有效的行政规范性文件",
                "现行有效规范性文件",
                "现行有效的规范性文件",
            ],
            verbs: &[],
            when: &[],
            unless: &["废止", "失效", "规章", "本年制发", "新制发"],
            negations: &[],
            also: &[],
            cells: &[at("行政规范性文件", "现行有效件数")],
        },
        Claim {
            subject: "本年制发的行政规范性文件",
            nouns: &["规范性文件"],
            verbs: &["制发", "发布", "印发", "出台", "制定", "新发"],
            when: &[],
            unless: &[
                "废止",
                "失效",
                "现行有效",
                "清理",
                "规章",
                "草案",
                "征求意见",
                "备案",
                "审核",
                "审查",
            ],
            negations: &[],
            also: &[],
            cells: &[at("行政规范性文件", "本年制发件数")],
        },
        Claim {
            subject: "本年废止的行政规范性文件",
            nouns: &["规范性文件"],
            verbs: &["废止"],
            when: &[],
            unless: &["现行有效", "制发", "发布", "印发", "出台", "规章"],
            negations: &[],
            also: &[],
            cells: &[at("行政规范性文件", "本年废止件数")],
        },
        Claim {
            subject: "现行有效的行政规范性文件",
            nouns: &["规范性文件"],
            verbs: &["现行有效"],
            when: &[],
            unless: &["制发", "发布", "印发", "出台", "废止", "规章"],
            negations: &[],
            also: &[],
            cells: &[at("行政规范性文件", "现行有效件数")],
        },
        Claim {
            subject: "本年制发的规章",
            nouns: &["规章"],
            verbs: &["制发", "制定", "发布", "出台"],
            when: &[],
            unless: &["规范性文件", "废止", "现行有效", "草案", "征求意见", "制度"],
            negations: &[],
            also: &[],
            cells: &[at("规章", "本年制发件数")],
        },
    ],
    across_years: &[YearRelation {
        code: "effective-count",
        scope: Scope::EachRow,
        target: col("现行有效件数"),
        last: &[col("现行有效件数")],
        plus: &[col("本年制发件数")],
        minus: &[col("本年废止件数")],
        statement: "现行有效件数应等于上年报告的现行有效件数,加本年制发件数,减本年废止件数",
    }],
};

static ITEM1_2019: TableDef = TableDef {
    kind: "第二十条第(一)项",
    name: "第二十条第(一)项表",
    section: 2,
    start: Start::Marker("第二十条第(一)项"),
    header: &[
        INFO,
        label("本年新制作数量"),
        label("本年新公开数量"),
        label("对外公开总数量"),
    ],
    columns: &[
        count("本年新制作数量", "本年新制作数量"),
        count("本年新公开数量", "本年新公开数量"),
        count("对外公开总数量", "对外公开总数量"),
    ],
    rows: &[
        item_row("规章", label("规章"), "本机关制定的规章。"),
        item_row(
            "规范性文件",
            label("规范性文件"),
            "本机关制发的规范性文件。",
        ),
    ],
    groups: &[],
    relations: &[],
    article20_item: Some(1),
    claims: &[Claim {
        subject: "本年新制作的规范性文件",
        nouns: &["规范性文件"],
        verbs: &["制作", "制发", "制定", "新制"],
        when: &[],
        unless: &["公开", "废止", "有效", "规章", "草案", "清理"],
        negations: &[],
        also: &[],
        cells: &[at("规范性文件", "本年新制作数量")],
    }],
    across_years: &[],
};

const DECISIONS_2021: Column = count("本年处理决定数量", "本年处理决定数量");

static ITEM5_2021: TableDef = TableDef {
    kind: "第二十条第(五)项",
    name: "第二十条第(五)项表",
    section: 2,
    start: Start::Marker("第二十条第(五)项"),
    header: &[INFO, label("本年处理决定数量")],
    columns: &[DECISIONS_2021],
    rows: &[item_row(
        "行政许可",
        label("行政许可"),
        "本年作出的行政许可处理决定数量。",
    )],
    groups: &[],
    relations: &[],
    article20_item: Some(5),
    claims: &[],
    across_years: &[],
};

static ITEM6_2021: TableDef = TableDef {
    kind: "第二十条第(六)项",
    name: "第二十条第(六)项表",
    section: 2,
    start: Start::Marker("第二十条第(六)项"),
    header: &[INFO, label("本年处理决定数量")],
    columns: &[DECISIONS_2021],
    rows: &[
        item_row(
            "行政处罚",
            label("行政处罚"),
            "本年作出的行政处罚决定数量。",
        ),
        item_row(
            "行政强制",
            label("行政强制"),
            "本年作出的行政强制决定数量。",
        ),
    ],
    groups: &[],
    relations: &[],
    article20_item: Some(6),
    claims: &[],
    across_years: &[],
};

static ITEM8_2021: TableDef = TableDef {
    kind: "第二十条第(八)项",
    name: "第二十条第(八)项表",
    section: 2,
    start: Start::Marker("第二十条第(八)项"),
    header: &[INFO, label("本年收费金额(单位:万元)")],
    columns: &[Column {
        key: "本年收费金额",
        label: label("本年收费金额(单位:万元)"),
        kind: ValueKind::Amount {
            unit: Some("万元")
        },
        group: None,
    }],
    rows: &[item_row(
        "行政事业性收费",
        label("行政事业性收费"),
        "本年行政事业性收费金额,单位万元,可有小数。",
    )],
    groups: &[],
    relations: &[],
    article20_item: Some(8),
    claims: &[],
    across_years: &[],
};

const PREVIOUS: Column = count("上一年项目数量", "上一年项目数量");
const CHANGE: Column = Column {
    key: "本年增/减",
    label: label("本年增/减"),
    kind: ValueKind::SignedCount,
    group: None,
};
const DECISIONS_2019: Column = count("处理决定数量", "处理决定数量");

static ITEM5_2019: TableDef = TableDef {
    kind: "第二十条第(五)项",
    name: "第二十条第(五)项表",
    section: 2,
    start: Start::Marker("第二十条第(五)项"),
    header: &[
        INFO,
        label("上一年项目数量"),
        label("本年增/减"),
        label("处理决定数量"),
    ],
    columns: &[PREVIOUS, CHANGE, DECISIONS_2019],
    rows: &[
        item_row(
            "行政许可",
            label("行政许可"),
            "行政许可事项数量及本年处理决定数量。",
        ),
        item_row(
            "其他对外管理服务事项",
            label("其他对外管理服务事项"),
            "其他对外管理服务事项数量及本年处理决定数量。",
        ),
    ],
    groups: &[],
    relations: &[],
    article20_item: Some(5),
    claims: &[],
    across_years: &[],
};

static ITEM6_2019: TableDef = TableDef {
    kind: "第二十条第(六)项",
    name: "第二十条第(六)项表",
    section: 2,
    start: Start::Marker("第二十条第(六)项"),
    header: &[
        INFO,
        label("上一年项目数量"),
        label("本年增/减"),
        label("处理决定数量"),
    ],
    columns: &[PREVIOUS, CHANGE, DECISIONS_2019],
    rows: &[
        item_row(
            "行政处罚",
            label("行政处罚"),
            "行政处罚事项数量及本年处理决定数量。",
        ),
        item_row(
            "行政强制",
            label("行政强制"),
            "行政强制事项数量及本年处理决定数量。",
        ),
    ],
    groups: &[],
    relations: &[],
    article20_item: Some(6),
    claims: &[],
    across_years: &[],
};

static ITEM8_2019: TableDef = TableDef {
    kind: "第二十条第(八)项",
    name: "第二十条第(八)项表",
    section: 2,
    start: Start::Marker("第二十条第(八)项"),
    header: &[INFO, label("上一年项目数量"), label("本年增/减")],
    columns: &[PREVIOUS, CHANGE],
    rows: &[item_row(
        "行政事业性收费",
        label("行政事业性收费"),
        "行政事业性收费项目数量及本年增减。",
    )],
    groups: &[],
    relations: &[],
    article20_item: Some(8),
    claims: &[],
    across_years: &[],
};

static ITEM9_2019: TableDef = TableDef {
    kind: "第二十条第(九)项",
    name: "第二十条第(九)项表",
    section: 2,
    start: Start::Marker("第二十条第(九)项"),
    header: &[INFO, label("采购项目数量"), label("采购总金额")],
    columns: &[
        count("采购项目数量", "采购项目数量"),
        Column {
            key: "采购总金额",
            label: label("采购总金额"),
            kind: ValueKind::Amount { unit: None },
            group: None,
        },
    ],
    rows: &[item_row(
        "政府集中采购",
        label("政府集中采购"),
        "政府集中采购项目数量与总金额(金额连同单位写在格内)。",
    )],
    groups: &[],
    relations: &[],
    article20_item: Some(9),
    claims: &[],
    across_years: &[],
};

// ---------------------------------------------------------------------------------------------
// Section 三: 收到和处理政府信息公开申请情况 (申请表).

const LEGAL_ENTITY: &str = "法人或其他组织";

const fn applicant(key: &'static str, group: Option<&'static str>) -> Column {
    Column {
        key,
        label: label(key),
        kind: ValueKind::Count,
        group,
    }
}

const APPLY_COLUMNS: &[Column] = &[
    applicant("自然人", None),
    applicant("商业企业", Some(LEGAL_ENTITY)),
    applicant("科研机构", Some(LEGAL_ENTITY)),
    applicant("社会公益组织", Some(LEGAL_ENTITY)),
    applicant("法律服务机构", Some(LEGAL_ENTITY)),
    applicant("其他", Some(LEGAL_ENTITY)),
    applicant("总计", None),
];

const APPLY_HEADER: &[Label] = &[
    label("(本列数据的勾稽关系为:第一项加第二项之和,等于第三项加第四项之和)"),
    label("申请人情况"),
    label("自然人"),
    label(LEGAL_ENTITY),
    label("总计"),
    label("商业企业"),
    label("科研机构"),
    label("社会公益组织"),
    label("法律服务机构"),
    label("其他"),
];

const RESULTS: &str = "三、本年度办理结果";
const WITHHELD: &str = "(三)不予公开";
const UNABLE: &str = "(四)无法提供";
const NOT_PROCESSED: &str = "(五)不予处理";
const OTHER: &str = "(六)其他处理";

const fn outcome(
    key: &'static str,
    official: &'static str,
    groups: &'static [&'static str],
    note: &'static str,
) -> RowDef {
    RowDef {
        key,
        label: Some(label(official)),
        groups,
        note,
    }
}

macro_rules! apply_rows {
    ($($other:expr),* $(,)?) => {
        &[
            RowDef {
                key: "一",
                label: Some(label_or("一、本年新收政府信息公开申请数量", &["一、本年新收政府信息公开申请"])),
                groups: &[],
                note: "本年度新收到的政府信息公开申请,按申请人分列。",
            },
            RowDef {
                key: "二",
                label: Some(label("二、上年结转政府信息公开申请数量")),
                groups: &[],
                note: "上一年度收到、跨年办理的申请;应等于上年报告的“四、结转下年度继续办理”(条例第三十三条:答复期限最长可达四十个工作日,故有跨年)。",
            },
            outcome("三(一)", "(一)予以公开", &[RESULTS], "依据条例第三十六条:所申请公开信息可以公开的,向申请人提供。"),
            outcome("三(二)", "(二)部分公开(区分处理的,只计这一情形,不计其他情形)", &[RESULTS], "依据条例第三十七条:能够作区分处理的,提供可以公开的部分并说明其余部分不予公开的理由。区分处理的申请只计在此行。"),
            outcome("三(三)1", "1.属于国家秘密", &[RESULTS, WITHHELD], "依据条例第十四条:依法确定为国家秘密的政府信息,不予公开。"),
            outcome("三(三)2", "2.其他法律行政法规禁止公开", &[RESULTS, WITHHELD], "依据条例第十四条:法律、行政法规禁止公开的政府信息,不予公开。"),
            outcome("三(三)3", "3.危及“三安全一稳定”", &[RESULTS, WITHHELD], "依据条例第十四条:公开后可能危及国家安全、公共安全、经济安全、社会稳定的政府信息,不予公开。"),
            outcome("三(三)4", "4.保护第三方合法权益", &[RESULTS, WITHHELD], "依据条例第十五条:涉及商业秘密、个人隐私等公开会损害第三方合法权益的信息不得公开;第三方同意或不公开会对公共利益造成重大影响的除外。"),
            outcome("三(三)5", "5.属于三类内部事务信息", &[RESULTS, WITHHELD], "依据条例第十六条第一款:人事管理、后勤管理、内部工作流程等内部事务信息,可以不予公开。"),
            outcome("三(三)6", "6.属于四类过程性信息", &[RESULTS, WITHHELD], "依据条例第十六条第二款:讨论记录、过程稿、磋商信函、请示报告等过程性信息,可以不予公开。"),
            outcome("三(三)7", "7.属于行政执法案卷", &[RESULTS, WITHHELD], "依据条例第十六条第二款:行政执法案卷信息可以不予公开;法律法规规章规定应当公开的,从其规定。"),
            outcome("三(三)8", "8.属于行政查询事项", &[RESULTS, WITHHELD], "依据条例第三十六条:工商、不动产登记资料等有专门规定的查询事项,告知依照有关规定办理。"),
            outcome("三(四)1", "1.本机关不掌握相关政府信息", &[RESULTS, UNABLE], "依据条例第三十六条:经检索没有所申请公开信息的,告知该信息不存在;不属于本机关负责公开的,告知申请人。"),
            outcome("三(四)2", "2.没有现成信息需要另行制作", &[RESULTS, UNABLE], "依据条例第三十八条:提供的是已制作或获取的政府信息;需要对现有信息加工、分析的,可以不予提供。"),
            outcome("三(四)3", "3.补正后申请内容仍不明确", &[RESULTS, UNABLE], "依据条例第三十条:申请内容不明确的,一次性告知补正;补正后仍不明确的,计入此行。"),
            outcome("三(五)1", "1.信访举报投诉类申请", &[RESULTS, NOT_PROCESSED], "依据条例第三十九条:以申请形式进行信访、投诉、举报的,不作为政府信息公开申请处理。"),
            outcome("三(五)2", "2.重复申请", &[RESULTS, NOT_PROCESSED], "依据条例第三十六条:重复申请公开相同信息的,告知不予重复处理。"),
            outcome("三(五)3", "3.要求提供公开出版物", &[RESULTS, NOT_PROCESSED], "依据条例第三十九条:要求提供政府公报、报刊、书籍等公开出版物的,可以告知获取途径。"),
            outcome("三(五)4", "4.无正当理由大量反复申请", &[RESULTS, NOT_PROCESSED], "依据条例第三十五条:申请数量、频次明显超过合理范围的,可要求说明理由;理由不合理的,告知不予处理。"),
            outcome("三(五)5", "5.要求行政机关确认或重新出具已获取信息", &[RESULTS, NOT_PROCESSED], "统一格式单列的不予处理情形:要求行政机关确认或者重新出具申请人已获取的信息。"),
            $($other,)*
            outcome("三(七)", "(七)总计", &[RESULTS], "本年度办理结果合计:(一)至(六)各行之和。"),
            RowDef {
                key: "四",
                label: Some(label("四、结转下年度继续办理")),
                groups: &[],
                note: "本年未办结、转入下一年度继续办理的申请;下一年度报告的“二、上年结转”应与之相等。",
            },
        ]
    };
}

/// In the 2019 format (六)其他处理 is a row of its own; from 2021 it groups three rows.
const APPLY_GROUPS_2019: &[Label] = &[
    label(RESULTS),
    label(WITHHELD),
    label(UNABLE),
    label(NOT_PROCESSED),
];
const APPLY_GROUPS_2021: &[Label] = &[
    label(RESULTS),
    label(WITHHELD),
    label(UNABLE),
    label(NOT_PROCESSED),
    label(OTHER),
];

const ROW_TOTAL: Relation = Relation {
    code: "row-total",
    scope: Scope::EachRow,
    target: col("总计"),
    plus: &[
        col("自然人"),
        col("商业企业"),
        col("科研机构"),
        col("社会公益组织"),
        col("法律服务机构"),
        col("其他"),
    ],
    minus: &[],
    statement: "每行的总计等于自然人与五类法人或其他组织之和",
};

const BALANCE: Relation = Relation {
    code: "balance",
    scope: Scope::EachColumn,
    target: row("四"),
    plus: &[row("一"), row("二")],
    minus: &[row("三(七)")],
    statement: "第一项加第二项之和,等于第三项加第四项之和(一 + 二 = 三(七)总计 + 四)",
};

/// Every outcome row of 三 that (七)总计 adds up, then the format's own (六) rows.
macro_rules! outcome_rows {
    ($($other:literal),*) => {
        &[
            row("三(一)"), row("三(二)"),
            row("三(三)1"), row("三(三)2"), row("三(三)3"), row("三(三)4"),
            row("三(三)5"), row("三(三)6"), row("三(三)7"), row("三(三)8"),
            row("三(四)1"), row("三(四)2"), row("三(四)3"),
            row("三(五)1"), row("三(五)2"), row("三(五)3"), row("三(五)4"), row("三(五)5"),
            $(row($other)),*
        ]
    };
}

/// The words that say an application was received, and the same denied.
const RECEIVED: &[&str] = &["收到", "受理", "新收", "接收", "接到"];
const NOT_RECEIVED: &[&str] = &[
    "未收到",
    "没有收到",
    "未接到",
    "未受理",
    "没有受理",
    "未接收",
];
/// A count since some earlier year, or of several years, is not this year's.
const NOT_THIS_YEAR: &[&str] = &["复议", "诉讼", "结转", "以来", "累计", "历年"];

const fn total(r: &'static str) -> CellPat {
    at(r, "总计")
}

/// The 总计 of each kind of outcome: what the prose and `extract --wide` count as 不予公开,
/// 无法提供, 不予处理.
const WITHHELD_TOTALS: &[CellPat] = &[
    total("三(三)1"),
    total("三(三)2"),
    total("三(三)3"),
    total("三(三)4"),
    total("三(三)5"),
    total("三(三)6"),
    total("三(三)7"),
    total("三(三)8"),
];
const UNABLE_TOTALS: &[CellPat] = &[total("三(四)1"), total("三(四)2"), total("三(四)3")];
const NOT_PROCESSED_TOTALS: &[CellPat] = &[
    total("三(五)1"),
    total("三(五)2"),
    total("三(五)3"),
    total("三(五)4"),
    total("三(五)5"),
];

/// What the prose states about the 申请表; the same in both formats (the rows named exist in
/// both).
const APPLY_CLAIMS: &[Claim] = &[
    Claim {
        subject: "收到的政府信息公开申请(含上年结转)",
        nouns: &["申请"],
        verbs: RECEIVED,
        when: &[
            "含上年结转",
            "含上年度结转",
            "包括上年结转",
            "包含上年结转",
            "加上年结转",
            "含结转",
        ],
        unless: &["复议", "诉讼", "以来", "累计", "历年"],
        negations: &[],
        also: &[],
        cells: &[total("一"), total("二")],
    },
    Claim {
        subject: "受理的政府信息公开申请",
        nouns: &["申请"],
        verbs: &["受理"],
        when: &[],
        unless: NOT_THIS_YEAR,
        negations: &[],
        // Reports count 受理 as this year's new applications or as all handled this year.
        also: &[total("一"), total("二")],
        cells: &[total("一")],
    },
    Claim {
        subject: "本年新收的政府信息公开申请",
        nouns: &["申请"],
        verbs: RECEIVED,
        when: &[],
        unless: NOT_THIS_YEAR,
        negations: NOT_RECEIVED,
        also: &[],
        cells: &[total("一")],
    },
    Claim {
        subject: "上年结转的申请",
        nouns: &["上年结转", "上年度结转"],
        verbs: &[],
        when: &[],
        unless: &["下年", "复议", "诉讼"],
        negations: &[],
        also: &[],
        cells: &[total("二")],
    },
    Claim {
        subject: "结转下年度继续办理的申请",
        nouns: &[
            "结转下年度继续办理",
            "结转下年度",
            "结转至下年度",
            "结转到下年度",
            "结转下一年度",
            "转入下年度",
        ],
        verbs: &[],
        when: &[],
        unless: &["上年结转", "复议", "诉讼"],
        negations: &[],
        also: &[],
        cells: &[total("四")],
    },
    Claim {
        subject: "予以公开的申请",
        nouns: &["予以公开"],
        verbs: &[],
        when: &[],
        unless: &["主动", "不予", "部分"],
        negations: &[],
        also: &[],
        cells: &[total("三(一)")],
    },
    Claim {
        subject: "部分公开的申请",
        nouns: &["部分公开"],
        verbs: &[],
        when: &[],
        unless: &["主动"],
        negations: &[],
        also: &[],
        cells: &[total("三(二)")],
    },
    Claim {
        subject: "不予公开的申请",
        nouns: &["不予公开"],
        verbs: &[],
        when: &[],
        unless: &["主动"],
        negations: &[],
        also: &[],
        cells: WITHHELD_TOTALS,
    },
    Claim {
        subject: "无法提供的申请",
        nouns: &["无法提供"],
        verbs: &[],
        when: &[],
        unless: &[],
        negations: &[],
        also: &[],
        cells: UNABLE_TOTALS,
    },
    Claim {
        subject: "不予处理的申请",
        nouns: &["不予处理"],
        verbs: &[],
        when: &[],
        unless: &[],
        negations: &[],
        also: &[],
        cells: NOT_PROCESSED_TOTALS,
    },
];

/// This year's 二、上年结转 is last year's 四、结转下年度继续办理, column by column.
const CARRYOVER: &[YearRelation] = &[YearRelation {
    code: "carryover",
    scope: Scope::EachColumn,
    target: row("二"),
    last: &[row("四")],
    plus: &[],
    minus: &[],
    statement: "本年“二、上年结转政府信息公开申请数量”应等于上年报告的“四、结转下年度继续办理”",
}];

const OUTCOME_STATEMENT: &str = "(七)总计等于(一)至(六)各项(含各小项)之和";

static APPLY_2019: TableDef = TableDef {
    kind: "申请表",
    name: "收到和处理政府信息公开申请情况表",
    section: 3,
    start: Start::FirstCell(&[
        "(本列数据的勾稽关系为…",
        "申请人情况",
        "一、本年新收政府信息公开申请数量",
    ]),
    header: APPLY_HEADER,
    columns: APPLY_COLUMNS,
    rows: apply_rows!(outcome(
        "三(六)",
        OTHER,
        &[RESULTS],
        "2019年格式:其他处理,一行。"
    )),
    groups: APPLY_GROUPS_2019,
    relations: &[
        ROW_TOTAL,
        Relation {
            code: "outcome-total",
            scope: Scope::EachColumn,
            target: row("三(七)"),
            plus: outcome_rows!("三(六)"),
            minus: &[],
            statement: OUTCOME_STATEMENT,
        },
        BALANCE,
    ],
    article20_item: None,
    claims: APPLY_CLAIMS,
    across_years: CARRYOVER,
};

static APPLY_2021: TableDef = TableDef {
    kind: "申请表",
    name: "收到和处理政府信息公开申请情况表",
    section: 3,
    start: Start::FirstCell(&[
        "(本列数据的勾稽关系为…",
        "申请人情况",
        "一、本年新收政府信息公开申请数量",
    ]),
    header: APPLY_HEADER,
    columns: APPLY_COLUMNS,
    rows: apply_rows!(
        outcome(
            "三(六)1",
            "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请",
            &[RESULTS, OTHER],
            "依据条例第三十条:申请人无正当理由逾期不补正的,视为放弃申请,行政机关不再处理。"
        ),
        outcome(
            "三(六)2",
            "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请",
            &[RESULTS, OTHER],
            "依据条例第四十二条:收取信息处理费的,申请人逾期未缴纳,行政机关不再处理(《政府信息公开信息处理费管理办法》,国办函〔2020〕109号)。"
        ),
        outcome("三(六)3", "3.其他", &[RESULTS, OTHER], "其他处理情形。"),
    ),
    groups: APPLY_GROUPS_2021,
    relations: &[
        ROW_TOTAL,
        Relation {
            code: "outcome-total",
            scope: Scope::EachColumn,
            target: row("三(七)"),
            plus: outcome_rows!("三(六)1", "三(六)2", "三(六)3"),
            minus: &[],
            statement: OUTCOME_STATEMENT,
        },
        BALANCE,
    ],
    article20_item: None,
    claims: APPLY_CLAIMS,
    across_years: CARRYOVER,
};

// ---------------------------------------------------------------------------------------------
// Section 四: 行政复议、行政诉讼 (复议诉讼表). The same in both formats.

const REVIEW_GROUP: &str = "行政复议";
const DIRECT: &str = "未经复议直接起诉";
const AFTER: &str = "复议后起诉";

const fn outcome_col(key: &'static str, official: &'static str, group: &'static str) -> Column {
    Column {
        key,
        label: label(official),
        kind: ValueKind::Count,
        group: Some(group),
    }
}

/// The 15 columns of 复议诉讼表: three groups of five, keys `组-列`.
macro_rules! review_columns {
    ($(($group:expr, $prefix:literal)),*) => {
        &[$(
            outcome_col(concat!($prefix, "-结果维持"), "结果维持", $group),
            outcome_col(concat!($prefix, "-结果纠正"), "结果纠正", $group),
            outcome_col(concat!($prefix, "-其他结果"), "其他结果", $group),
            outcome_col(concat!($prefix, "-尚未审结"), "尚未审结", $group),
            outcome_col(concat!($prefix, "-总计"), "总计", $group),
        )*]
    };
}

const fn review_relation(
    total: &'static str,
    parts: &'static [CellPat; 4],
    statement: &'static str,
) -> Relation {
    Relation {
        code: "review-total",
        scope: Scope::EachRow,
        target: col(total),
        plus: parts,
        minus: &[],
        statement,
    }
}

const OUTCOME_HEADER: [Label; 5] = [
    label("结果维持"),
    label("结果纠正"),
    label("其他结果"),
    label("尚未审结"),
    label("总计"),
];

/// A figure for one outcome is not the total.
const CASE_OUTCOMES: &[&str] = &[
    "维持",
    "纠正",
    "其他结果",
    "尚未审结",
    "审结",
    "驳回",
    "撤销",
    "败诉",
    "胜诉",
    "复议后",
    "直接起诉",
];
const NO_CASES: &[&str] = &[
    "未发生",
    "没有发生",
    "未收到",
    "没有收到",
    "未接到",
    "不涉及",
    "未涉及",
    "未出现",
    "没有出现",
    "无",
];

static REVIEW: TableDef = TableDef {
    kind: "复议诉讼表",
    name: "行政复议、行政诉讼情况表",
    section: 4,
    start: Start::FirstCell(&["行政复议"]),
    header: &[
        label(REVIEW_GROUP),
        label("行政诉讼"),
        OUTCOME_HEADER[0],
        OUTCOME_HEADER[1],
        OUTCOME_HEADER[2],
        OUTCOME_HEADER[3],
        OUTCOME_HEADER[4],
        label(DIRECT),
        label(AFTER),
        OUTCOME_HEADER[0],
        OUTCOME_HEADER[1],
        OUTCOME_HEADER[2],
        OUTCOME_HEADER[3],
        OUTCOME_HEADER[4],
        OUTCOME_HEADER[0],
        OUTCOME_HEADER[1],
        OUTCOME_HEADER[2],
        OUTCOME_HEADER[3],
        OUTCOME_HEADER[4],
    ],
    columns: review_columns!(
        (REVIEW_GROUP, "复议"),
        (DIRECT, "直接起诉"),
        (AFTER, "复议后起诉")
    ),
    rows: &[RowDef {
        key: "复议诉讼",
        label: None,
        groups: &[],
        note: "因政府信息公开工作被申请行政复议、提起行政诉讼的件数及结果。",
    }],
    groups: &[],
    relations: &[
        review_relation(
            "复议-总计",
            &[
                col("复议-结果维持"),
                col("复议-结果纠正"),
                col("复议-其他结果"),
                col("复议-尚未审结"),
            ],
            "行政复议:总计等于结果维持、结果纠正、其他结果、尚未审结之和",
        ),
        review_relation(
            "直接起诉-总计",
            &[
                col("直接起诉-结果维持"),
                col("直接起诉-结果纠正"),
                col("直接起诉-其他结果"),
                col("直接起诉-尚未审结"),
            ],
            "行政诉讼(未经复议直接起诉):总计等于结果维持、结果纠正、其他结果、尚未审结之和",
        ),
        review_relation(
            "复议后起诉-总计",
            &[
                col("复议后起诉-结果维持"),
                col("复议后起诉-结果纠正"),
                col("复议后起诉-其他结果"),
                col("复议后起诉-尚未审结"),
            ],
            "行政诉讼(复议后起诉):总计等于结果维持、结果纠正、其他结果、尚未审结之和",
        ),
    ],
    article20_item: None,
    claims: &[
        Claim {
            subject: "因政府信息公开被申请的行政复议",
            nouns: &["行政复议"],
            verbs: &[],
            when: &[],
            unless: CASE_OUTCOMES,
            negations: NO_CASES,
            also: &[],
            cells: &[at("复议诉讼", "复议-总计")],
        },
        Claim {
            subject: "因政府信息公开被提起的行政诉讼",
            nouns: &["行政诉讼"],
            verbs: &[],
            when: &[],
            unless: CASE_OUTCOMES,
            negations: NO_CASES,
            also: &[],
            cells: &[
                at("复议诉讼", "直接起诉-总计"),
                at("复议诉讼", "复议后起诉-总计"),
            ],
        },
    ],
    across_years: &[],
};

// ---------------------------------------------------------------------------------------------
// The headline figures of a report (`gongkai extract --wide`), in column order.

const APPLY: &str = "申请表";
const CASES: &str = "复议诉讼表";
const ITEM1: &str = "第二十条第(一)项";

/// 收到申请 is 一's 总计, as the prose counts it (FORMAT.md); 其他处理 is one row in 2019 and
/// three in 2021; the 2019 第二十条第(一)项 table has 本年新制作数量 where 2021 has 本年制发件数,
/// and no count of repealed or effective documents.
pub static HEADLINES: &[Headline] = &[
    Headline {
        name: "本年新收申请",
        table: APPLY,
        cells: &[&[total("一")]],
    },
    Headline {
        name: "上年结转申请",
        table: APPLY,
        cells: &[&[total("二")]],
    },
    Headline {
        name: "予以公开",
        table: APPLY,
        cells: &[&[total("三(一)")]],
    },
    Headline {
        name: "部分公开",
        table: APPLY,
        cells: &[&[total("三(二)")]],
    },
    Headline {
        name: "不予公开",
        table: APPLY,
        cells: &[WITHHELD_TOTALS],
    },
    Headline {
        name: "无法提供",
        table: APPLY,
        cells: &[UNABLE_TOTALS],
    },
    Headline {
        name: "不予处理",
        table: APPLY,
        cells: &[NOT_PROCESSED_TOTALS],
    },
    Headline {
        name: "其他处理",
        table: APPLY,
        cells: &[
            &[total("三(六)")],
            &[total("三(六)1"), total("三(六)2"), total("三(六)3")],
        ],
    },
    Headline {
        name: "办理结果总计",
        table: APPLY,
        cells: &[&[total("三(七)")]],
    },
    Headline {
        name: "结转下年度",
        table: APPLY,
        cells: &[&[total("四")]],
    },
    Headline {
        name: "复议-结果维持",
        table: CASES,
        cells: &[&[at("复议诉讼", "复议-结果维持")]],
    },
    Headline {
        name: "复议-结果纠正",
        table: CASES,
        cells: &[&[at("复议诉讼", "复议-结果纠正")]],
    },
    Headline {
        name: "复议-其他结果",
        table: CASES,
        cells: &[&[at("复议诉讼", "复议-其他结果")]],
    },
    Headline {
        name: "复议-尚未审结",
        table: CASES,
        cells: &[&[at("复议诉讼", "复议-尚未审结")]],
    },
    Headline {
        name: "复议-总计",
        table: CASES,
        cells: &[&[at("复议诉讼", "复议-总计")]],
    },
    Headline {
        name: "诉讼-未经复议直接起诉-总计",
        table: CASES,
        cells: &[&[at("复议诉讼", "直接起诉-总计")]],
    },
    Headline {
        name: "诉讼-复议后起诉-总计",
        table: CASES,
        cells: &[&[at("复议诉讼", "复议后起诉-总计")]],
    },
    Headline {
        name: "规范性文件-制发",
        table: ITEM1,
        cells: &[
            &[at("行政规范性文件", "本年制发件数")],
            &[at("规范性文件", "本年新制作数量")],
        ],
    },
    Headline {
        name: "规范性文件-废止",
        table: ITEM1,
        cells: &[&[at("行政规范性文件", "本年废止件数")]],
    },
    Headline {
        name: "规范性文件-现行有效",
        table: ITEM1,
        cells: &[&[at("行政规范性文件", "现行有效件数")]],
    },
];
