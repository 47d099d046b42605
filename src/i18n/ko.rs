//! The Korean catalogue (한국어), written for a South Korean reader; DPRK provinces
//! keep the North's own spellings (량강도, 라선).

use tumen_core::tags::EntityKind;
use tumen_core::Issue;

use super::{count, Lang, Strings};
use crate::protocol::{LoadError, Stage, StoreTrouble, Trouble};
use crate::view_model::{EntityRef, FacetKind};
use crate::worker::fetch::FetchError;

/// The DPRK's first-level divisions as the North writes them.
fn province_name(id: &str) -> Option<&'static str> {
    Some(match id {
        "pyongyang" => "평양",
        "north-pyongan" => "평안북도",
        "south-pyongan" => "평안남도",
        "jagang" => "자강도",
        "ryanggang" => "량강도",
        "north-hamgyong" => "함경북도",
        "south-hamgyong" => "함경남도",
        "kangwon" => "강원도",
        "north-hwanghae" => "황해북도",
        "south-hwanghae" => "황해남도",
        "rason" => "라선",
        "nampo" => "남포",
        "kaesong" => "개성",
        _ => return None,
    })
}

/// The topics of `crates/core/data/topics.json`, by id.
fn topic_name(id: &str) -> Option<&'static str> {
    Some(match id {
        "smuggling" => "밀수",
        "border-security" => "국경 경비",
        "markets-prices" => "시장·물가",
        "currency" => "화폐·환율",
        "food-agriculture" => "식량·농업",
        "defectors" => "탈북민",
        "remittances" => "송금",
        "politics" => "정치",
        "military" => "군사",
        "law-enforcement" => "단속·처벌",
        "information-control" => "정보 통제",
        "labor-mobilization" => "노동 동원",
        "public-health" => "보건·의료",
        "trade" => "무역",
        "energy" => "에너지",
        "construction" => "건설",
        "education" => "교육",
        "religion" => "종교",
        "human-rights" => "인권",
        "disasters" => "재해·사고",
        "transport" => "교통·운송",
        "foreign-relations" => "대외 관계",
        _ => return None,
    })
}

fn kind_name(kind: EntityKind) -> &'static str {
    match kind {
        EntityKind::Province => "시·도",
        EntityKind::Place => "지명",
        EntityKind::Region => "지역",
        EntityKind::ForeignPlace => "북한 밖",
        EntityKind::Organization => "기관·단체",
        EntityKind::Event => "사건·행사",
    }
}

/// A place's finer kind in the gazetteer.
fn place_detail(detail: Option<&str>) -> &'static str {
    match detail.unwrap_or("") {
        "city" => "시",
        "county" => "군",
        "district" => "구역",
        "workers-district" => "노동자구",
        "landmark" => "주요 장소",
        "prison-camp" => "수용소",
        "port" => "항구",
        "mine" => "광산",
        "border-crossing" => "국경 통과 지점",
        "military-site" => "군사 시설",
        "special-zone" => "특구",
        "nuclear-site" => "핵 시설",
        "mountain" => "산",
        "river" => "강",
        _ => "장소",
    }
}

/// The gazetteer's countries for places outside the DPRK.
fn country(name: &str) -> String {
    match name {
        "South Korea" => "한국",
        "China" => "중국",
        "Russia" => "러시아",
        "Japan" => "일본",
        "United States" => "미국",
        "Vietnam" => "베트남",
        "Mongolia" => "몽골",
        "Thailand" => "태국",
        "Laos" => "라오스",
        "Korean DMZ" => "비무장지대",
        "International waters" => "공해",
        "China / DPRK border" => "북중 국경",
        "China / Russia / DPRK border" => "북·중·러 국경",
        other => return other.to_string(),
    }
    .to_string()
}

/// A DPRK province by the North's spelling, anything else by its Hangul name where known.
fn entity_name(e: &EntityRef) -> String {
    province_name(&e.id).map(str::to_string).or_else(|| e.hangul.clone()).unwrap_or_else(|| e.name.clone())
}

/// "량강도 시": a place's province and finer kind.
fn place_words(e: &EntityRef) -> String {
    let detail = place_detail(e.detail.as_deref());
    match &e.province {
        Some(p) => format!("{} {detail}", province_name(&p.id).unwrap_or(&p.label)),
        None => detail.to_string(),
    }
}

fn entity_title(e: &EntityRef) -> String {
    let words = match e.kind {
        EntityKind::Province => "시·도".to_string(),
        EntityKind::Place => place_words(e),
        EntityKind::Region => "역사적 지역(특정 도에 속하지 않음)".to_string(),
        EntityKind::ForeignPlace => match &e.country {
            Some(c) => format!("북한 밖 지명, {}", country(c)),
            None => "북한 밖 지명".to_string(),
        },
        EntityKind::Organization => "기관·단체".to_string(),
        EntityKind::Event => "사건·행사".to_string(),
    };
    format!("{} — {words}", entity_name(e))
}

fn entity_detail(e: &EntityRef) -> String {
    let detail = if e.province.is_some() { place_words(e) } else { kind_name(e.kind).to_string() };
    let name = entity_name(e);
    // The romanized name, as the English interface gives the Hangul one.
    if name != e.name {
        format!("{detail} · {}", e.name)
    } else {
        detail
    }
}

fn fetch_error(e: &FetchError) -> String {
    match e {
        FetchError::Network { url, message } => format!("{url}을(를) 내려받지 못했습니다({message})"),
        FetchError::NotFound { url } => format!("{url}이(가) 서버에 없습니다(404)"),
        FetchError::Http { url, status } => format!("서버가 {url} 요청에 {status} 응답을 보냈습니다"),
    }
}

fn trouble(t: &Trouble) -> String {
    match t {
        Trouble::NotSaved => "기사 모음의 이 부분은 이 기기에 저장되어 있지 않고, 지금은 내려받을 수도 없습니다. 다시 연결하거나, 다음에 온라인일 때 “모든 기사 오프라인 보관”을 사용하세요.".into(),
        Trouble::Fetch(e) => fetch_error(e),
        Trouble::Bundle { file, message } => format!("{file} 파일이 손상되었거나 다른 빌드의 것입니다({message}). 리더를 새로고침하세요. 다시 일어나면 `tumen build`로 기사 모음을 다시 만들어야 합니다."),
        Trouble::NotOpen => "기사 모음이 아직 열리지 않았습니다.".into(),
        Trouble::WorkerStopped { message } => format!("리더의 백그라운드 작업이 멈췄습니다: {message}"),
        Trouble::CannotKeep => "이 브라우저에서는 리더가 파일을 보관할 수 없습니다(https 또는 localhost 같은 보안 연결이 필요합니다).".into(),
        Trouble::KeepOutdated => "더 새로운 기사 모음이 게시되었습니다. 리더를 새로고침한 뒤 다시 오프라인 보관을 시작하세요.".into(),
        Trouble::KeepStopped(e) => format!("내려받기가 멈췄습니다: {}. 저장된 파일은 그대로 있으니, 다시 시작하면 이어서 받습니다.", fetch_error(e)),
        Trouble::Other { message } => message.clone(),
    }
}

/// What is wrong with an article or a file. Values quoted from the file, and the JSON
/// reader's and the browser's own words, stay as written.
/// What serde_json says about a broken file, in Korean: its syntax errors are a fixed set
/// of phrases; anything else (a wording this table does not know) is kept as it was said.
fn json_detail(detail: &str) -> String {
    let said = match detail {
        "EOF while parsing a list" => "목록(`[`)이 닫히기 전에 파일이 끝납니다",
        "EOF while parsing an object" => "객체(`{`)가 닫히기 전에 파일이 끝납니다",
        "EOF while parsing a string" => "문자열이 닫히기 전에 파일이 끝납니다",
        "EOF while parsing a value" => "값이 나오기 전에 파일이 끝납니다",
        "expected `:`" => "`:`이 있어야 합니다",
        "expected `,` or `]`" => "`,`나 `]`가 있어야 합니다",
        "expected `,` or `}`" => "`,`나 `}`가 있어야 합니다",
        "expected ident" => "true, false, null 가운데 하나여야 합니다",
        "expected value" => "값이 있어야 합니다",
        "expected `\"`" => "`\"`가 있어야 합니다",
        "invalid escape" => "잘못된 이스케이프(\\)입니다",
        "invalid number" => "잘못된 숫자입니다",
        "number out of range" => "숫자가 너무 큽니다",
        "invalid unicode code point" => "잘못된 유니코드 코드 포인트입니다",
        "control character (\\u0000-\\u001F) found while parsing a string" => "문자열 안에 제어 문자(U+0000–U+001F)가 있습니다",
        "key must be a string" => "객체의 키는 문자열이어야 합니다",
        "lone leading surrogate in hex escape" => "\\u 이스케이프에 짝 없는 서로게이트가 있습니다",
        "trailing comma" => "끝에 불필요한 쉼표가 있습니다",
        "trailing characters" => "값 뒤에 불필요한 문자가 있습니다",
        "unexpected end of hex escape" => "\\u 이스케이프가 중간에 끝납니다",
        _ => return detail.to_string(),
    };
    said.to_string()
}

/// A damaged backup record, from the kinds of value serde names (`integer \`5\``,
/// `a string`, `struct Marks`); a wording it does not know is kept.
fn backup_damage(damage: &tumen_core::desk::Damage) -> String {
    use tumen_core::desk::Damage as D;
    match damage {
        D::Missing { field } => format!("\"{field}\" 필드가 없습니다"),
        D::WrongType { found, expected } => {
            let (expected, found) = (value_kind(expected), value_kind(found));
            let must = if ends_in_vowel(&expected) == Some(true) { "여야" } else { "이어야" };
            format!("{expected}{must} 할 자리에 {found}{} 있습니다", subject(&found))
        }
        D::Other { detail } if detail.starts_with("invalid length ") => match detail["invalid length ".len()..].split_once(',') {
            Some((n, _)) if n.parse::<u64>().is_ok() => format!("항목 수({n}개)가 맞지 않습니다"),
            _ => "항목 수가 맞지 않습니다".to_string(),
        },
        D::Other { detail } => format!("형식이 맞지 않습니다({detail})"),
    }
}

/// Whether a word ends in a Hangul syllable without a final consonant (the particle's
/// form depends on it); `None` when it does not end in Hangul.
fn ends_in_vowel(word: &str) -> Option<bool> {
    let last = word.chars().last()? as u32;
    (0xAC00..=0xD7A3).contains(&last).then(|| (last - 0xAC00).is_multiple_of(28))
}

/// The subject particle for `word`: 가 after a vowel, 이 after a consonant, 이(가) after
/// anything not Hangul (a quoted name, a number).
fn subject(word: &str) -> &'static str {
    match ends_in_vowel(word) {
        Some(true) => "가",
        Some(false) => "이",
        None => "이(가)",
    }
}

/// serde's name for a kind of value, in Korean, with the value itself when serde quotes
/// it (`integer \`5\``, `string "x"`); a name not listed is kept.
fn value_kind(said: &str) -> String {
    const KINDS: [(&str, &str); 21] = [
        ("a boolean", "참/거짓 값"),
        ("boolean", "참/거짓 값"),
        ("integer", "정수"),
        ("u8", "정수"),
        ("u16", "정수"),
        ("u32", "정수"),
        ("u64", "정수"),
        ("usize", "정수"),
        ("i64", "정수"),
        ("floating point", "소수"),
        ("f64", "소수"),
        ("a string", "문자열"),
        ("string", "문자열"),
        ("null", "null"),
        ("a sequence", "목록"),
        ("a tuple", "목록"),
        ("sequence", "목록"),
        ("a map", "객체"),
        ("map", "객체"),
        ("struct ", "객체"),
        ("unit value", "null"),
    ];
    for (name, korean) in KINDS {
        let Some(rest) = said.strip_prefix(name) else { continue };
        let rest = rest.trim();
        let quoted = rest.starts_with('`') || rest.starts_with('"');
        if !rest.is_empty() && !quoted && !name.starts_with("a ") && name != "struct " {
            continue; // "u64" is not a prefix of "u64x"
        }
        return if quoted { format!("{korean} {rest}") } else { korean.to_string() };
    }
    format!("`{said}`")
}

fn problem(issue: &Issue) -> String {
    use tumen_core::limits::megabytes;
    use Issue as I;
    let n = |n: usize| count(n as u64);
    match issue {
        I::NotAnObject => "JSON 객체가 아닙니다".into(),
        I::Empty => "비어 있습니다".into(),
        I::Missing => "없습니다".into(),
        I::NotAString => "문자열이어야 합니다".into(),
        I::NotAStringIgnored => "문자열이어야 합니다. 무시했습니다".into(),
        I::Invisible => "보이지 않는 문자(폭 없는 문자나 방향 표시)만 있습니다".into(),
        I::IdTooLong { chars, max } => format!("{}자입니다. id는 최대 {}자까지입니다", n(*chars), n(*max)),
        I::Cut { chars, max } => format!("{}자입니다. 앞의 {}자만 남겼습니다", n(*chars), n(*max)),
        I::FieldTooDeep { max } => format!("목록이나 객체가 너무 깊이 중첩되어 있습니다(한 필드에 최대 {max}단계)"),
        I::BadDate { value } => format!("`{value}`은(는) 올바른 ISO 날짜(YYYY-MM-DD)가 아닙니다. 날짜 없이 유지했습니다"),
        I::DateNotAString => "ISO 날짜 문자열이나 null이어야 합니다. 날짜 없이 유지했습니다".into(),
        I::NotAWebAddress => "http(s) 주소가 아닙니다. 링크를 뺐습니다".into(),
        I::UrlNotAString => "문자열이나 null이어야 합니다. 링크를 뺐습니다".into(),
        I::TagsNotStrings => "문자열이 아닌 항목은 뺐습니다".into(),
        I::TooManyTags { count: c, max } => format!("태그가 {}개입니다. 앞의 {}개만 남겼습니다", n(*c), n(*max)),
        I::TagsNotAList => "문자열 목록이어야 합니다. 무시했습니다".into(),
        I::BlockWithoutHeading => "객체 블록에는 비어 있지 않은 \"heading\" 문자열이 있어야 합니다. 건너뛰었습니다".into(),
        I::BadBlock => "문단 문자열이나 {\"heading\": ...}이어야 합니다. 건너뛰었습니다".into(),
        I::BodyNotAList => "문단 목록이나 문자열이어야 합니다".into(),
        I::NoText => "기사에 본문이 없습니다. \"body\"나 \"summary\"를 넣으세요".into(),
        I::TooManyParagraphs { count: c, max } => format!("문단이 {}개입니다. 기사 하나는 최대 {}개까지입니다(여러 기사로 나누세요)", n(*c), n(*max)),
        I::ArticleTooLarge { bytes, max } => format!("기사 본문이 {}입니다. 기사 하나는 최대 {}까지입니다(여러 기사로 나누세요)", megabytes(*bytes), megabytes(*max)),
        I::DuplicateId => "id가 중복됩니다. 앞의 기사가 이미 이 id를 씁니다".into(),
        I::DuplicateInAnotherInput => "id가 중복됩니다. 다른 파일에 이 id의 기사가 이미 있습니다".into(),
        I::AlreadyInCorpus => "기사 모음에 이 id의 기사가 이미 있어, 추가한 기사는 뺐습니다".into(),
        I::SourceFromFileName { name } => format!("파일에 출처가 없어 파일 이름 “{name}”을(를) 출처로 썼습니다"),
        I::NoDateFound => "본문 첫머리에서 날짜(2024-03-05, March 5, 2024, 2024년 3월 5일 같은)를 찾지 못해 날짜 없이 유지했습니다".into(),
        I::InvalidJson { line, column, detail } => format!("{}번째 줄 {}번째 열이 올바른 JSON이 아닙니다: {}", n(*line), n(*column), json_detail(detail)),
        I::JsonTooDeep { line, column, max } => format!("{}번째 줄 {}번째 열이 올바른 JSON이 아닙니다: 목록이나 객체가 너무 깊이 중첩되어 있습니다(최대 {max}단계)", n(*line), n(*column)),
        I::InvalidJsonLine { line, column, detail } => format!("{}번째 줄이 올바른 JSON이 아닙니다({}번째 열): {}", n(*line), n(*column), json_detail(detail)),
        I::JsonLineTooDeep { line, column, max } => format!("{}번째 줄이 올바른 JSON이 아닙니다({}번째 열): 목록이나 객체가 너무 깊이 중첩되어 있습니다(최대 {max}단계)", n(*line), n(*column)),
        I::NotACorpus => "최상위가 \"version\"과 \"articles\"를 가진 객체여야 합니다".into(),
        I::UnsupportedVersion { found, expected } => format!("기사 모음 버전 {found}은(는) 지원하지 않습니다(이 리더는 버전 {expected}을(를) 읽습니다)"),
        I::ArticlesNotAList => "\"articles\"는 목록이어야 합니다".into(),
        I::EmptyFile => "파일이 비어 있어 기사가 없습니다".into(),
        I::UnsupportedInput => "이 리더가 읽는 파일이 아닙니다. .txt, .json, .jsonl, .ndjson, .zip 파일을 읽습니다".into(),
        I::Unreadable { detail } => format!("브라우저가 이 파일을 읽지 못했습니다({detail})"),
        I::Io { detail } => detail.clone(),
        I::NotUtf8 { count: c } => format!("{}개 문자를 UTF-8로 읽지 못해 \u{FFFD}로 표시합니다. 파일을 UTF-8로 저장한 뒤 다시 추가하세요", n(*c)),
        I::NotAZip => "zip 압축 파일이 아닙니다(zip 목차가 없습니다)".into(),
        I::ZipDamaged { detail } => format!("zip 압축 파일이 손상되었습니다: {detail}"),
        I::Zip64 => "zip64 압축 파일(4GB나 65,535개 파일을 넘는 압축용)은 이 리더가 열지 않습니다. 파일을 더 적게, 더 작게 나눠 압축하세요".into(),
        I::ZipSplit => "여러 부분으로 나뉜 zip 압축 파일의 한 부분입니다. 부분들을 하나로 합쳐서 추가하세요".into(),
        I::ZipEncrypted => "읽지 않았습니다: 암호가 걸려 있습니다. 압축을 풀고 파일 자체를 추가하세요".into(),
        I::ZipMethod { method, name } => format!("읽지 않았습니다: {name}(zip 방식 {method})으로 압축되어 있어 이 리더가 풀지 못합니다. 일반 압축(deflate)으로 다시 압축하세요"),
        I::Zip64Entry => "읽지 않았습니다: zip64 형식(4GB가 넘는 파일용)으로 저장되어 있어 이 리더가 풀지 못합니다".into(),
        I::ZipEntryTooLarge { bytes, limit } => format!("읽지 않았습니다: 압축을 풀면 {}인데, 파일 하나는 최대 {}까지입니다", megabytes(*bytes), megabytes(*limit)),
        I::ZipOverTotal { limit } => format!("읽지 않았습니다: 압축을 푼 파일이 한 압축 파일에서 읽는 최대치인 {}를 넘습니다. 나머지는 다른 압축 파일로 추가하세요", megabytes(*limit)),
        I::ZipOverlaps => "읽지 않았습니다: 다른 항목과 바이트가 겹칩니다. 손상된 압축 파일이나 zip 폭탄에서만 생기는 일입니다".into(),
        I::ZipEntryDamaged { detail } => format!("읽지 않았습니다: 항목이 손상되었습니다({detail})"),
        I::ZipTooManyEntries { listed, read } => format!("압축 파일에 항목이 {}개 있어 앞의 {}개만 읽었습니다(더 작은 압축 파일로 나누세요)", n(*listed), n(*read)),
        I::ZipInZip => "zip 안의 zip은 열지 않습니다. 압축을 풀고 안의 파일을 추가하세요".into(),
        I::ZipHasNoArticles { skipped } => {
            let base = "압축 파일 안에 기사 파일(.txt, .json, .jsonl, .ndjson)이 없습니다".to_string();
            match skipped {
                Some(s) => format!("{base}. {}", skipped_words(s)),
                None => base,
            }
        }
        I::ZipSkipped(s) => skipped_words(s),
    }
}

/// "항목 3개는 기사 파일이 아니어서 건너뛰었습니다: 다른 형식의 파일 2개(photo.jpg, notes.docx), 숨김 파일이나 Mac 시스템 파일 1개".
fn skipped_words(s: &tumen_core::error::Skipped) -> String {
    let mut parts = Vec::new();
    if s.other > 0 {
        let more = if s.other > s.examples.len() { ", …" } else { "" };
        parts.push(format!("다른 형식의 파일 {}개({}{more})", count(s.other as u64), s.examples.join(", ")));
    }
    if s.hidden > 0 {
        parts.push(format!("숨김 파일이나 Mac 시스템 파일 {}개", count(s.hidden as u64)));
    }
    format!("항목 {}개는 기사 파일이 아니어서 건너뛰었습니다: {}", count((s.hidden + s.other) as u64), parts.join(", "))
}

fn load_error(error: &LoadError) -> (&'static str, String) {
    use LoadError as E;
    match error {
        E::Network { url, message } => (
            "기사 모음을 내려받지 못했습니다",
            format!("{url} 요청이 실패했습니다: {message}. 연결을 확인하거나, 온라인일 때 리더를 한 번 열어 오프라인용 사본을 보관해 두세요."),
        ),
        E::Http { url, status } => (
            "서버가 기사 모음을 내주지 않았습니다",
            format!("{url} 요청에 HTTP {status} 응답이 돌아왔습니다. 사이트 설정에 문제가 있을 수 있으니 나중에 다시 시도하세요."),
        ),
        E::Missing { url } => (
            "기사 모음이 없습니다",
            format!("서버에 {url}도 corpus.json도 없습니다(404). 사이트가 기사 모음 없이 게시되었습니다. `cargo xtask build`(또는 `tumen build … -o public/corpus`)로 만든 뒤 다시 게시하세요."),
        ),
        E::Version { found, supported } => (
            "다른 버전의 기사 모음입니다",
            format!("이 기사 모음의 형식은 버전 {found}이고, 이 리더는 버전 {supported}을 읽습니다. 이 버전의 `tumen build`로 기사 모음을 다시 만들거나, 기사 모음을 만든 버전의 리더로 여세요."),
        ),
        E::Corrupt { file, message } => (
            "기사 모음이 손상되었습니다",
            format!("{file}을(를) 읽을 수 없습니다: {message}. `tumen build`로 기사 모음을 다시 만들고 `tumen check`로 점검하세요."),
        ),
        E::NotACorpus { file } => (
            "기사 모음 파일이 아닙니다",
            format!("{file}은(는) JSON이지만 기사 모음이 아닙니다. \"version\"과 기사 목록 \"articles\"가 있는 객체여야 합니다. `tumen build`로 가지고 있는 파일에서 기사 모음을 만들거나, `tumen check`로 점검하세요."),
        ),
        E::InvalidJson { file, line, column, message } => (
            "기사 모음 파일이 올바른 JSON이 아닙니다",
            format!("{file}이(가) {line}행 {column}열에서 끊깁니다: {}. `tumen build`로 다시 만들거나, 직접 고친 뒤 `tumen check`로 점검하세요.", json_detail(message)),
        ),
        E::Empty { rejected: 0 } => (
            "기사 모음에 기사가 없습니다",
            "기사가 하나도 없어(파일이 비어 있을 수 있습니다) 읽을 것이 없습니다. 위의 \u{201c}기사 추가\u{201d}로 가진 기사를 더하거나, `tumen build`로 가지고 있는 파일에서 기사 모음을 만드세요.".to_string(),
        ),
        E::Empty { rejected } => (
            "읽을 수 있는 기사가 없습니다",
            format!("기사 모음의 기사 {}건이 모두 거부되었습니다. 그 이유는 아래 기사 모음 점검 결과에 있습니다.", count(*rejected as u64)),
        ),
    }
}

pub static KO: Strings = Strings {
    lang: Lang::Ko,
    hangul_names: true,

    document_title: "Tumen — 북한 현지 보도 리더",
    skip_to_content: "본문으로 건너뛰기",
    tagline: "북한 현지 보도를 오프라인에서도 검색",
    language: "언어 / Language",
    footer_privacy: "Tumen은 모든 작업을 브라우저 안에서 처리합니다. 검색하거나 열어 본 내용은 이 기기 밖으로 나가지 않습니다. ",
    footer_places: "지명 자료는 North Korea Administrative Divisions Dataset(Open Admin Data, CC BY 4.0)을 바탕으로 합니다. ",
    footer_map_credit: "도 경계: Natural Earth(퍼블릭 도메인)를 단순화함.",
    filters: "필터",
    show_filters: "필터 보기",
    filters_active: |n| format!("필터 ({}개 적용 중)", count(n as u64)),
    no_such_article: |id| format!("이 기사 모음에 ID가 “{id}”인 기사는 없습니다. 대신 목록을 보여 드립니다."),
    where_and_when: "지역과 시기",
    charts_shown: "표시할 도표",
    show_map: "지도",
    show_trends: "추세",

    search_label: "검색",
    search_placeholder: "검색: 지명, 단어, \"정확한 구절\", -제외할 단어",
    search_placeholder_short: "지명, 단어 검색\u{2026}",

    searching: "검색 중…",
    count_all: |n| format!("기사 {}건", count(n as u64)),
    count_none: "일치하는 기사가 없습니다",
    count_match: |n, all| format!("기사 {}건 중 {}건 일치", count(all as u64), count(n as u64)),
    results_heading: "검색 결과",
    relaxed: |have, searched| {
        format!("검색한 단어 {searched}개를 모두 포함한 기사가 없어, 그중 {have}개를 포함한 기사를 보여 드립니다.")
    },
    corrections: |list| format!("비슷한 철자로도 찾았습니다: {list}"),
    near_heading: "함께 볼 만한 기사: 검색한 단어 가운데 하나만 빠진 기사",
    nothing_matches: "이 조건에 맞는 기사가 없습니다",
    nothing_matches_hint: "필터를 줄이거나, 더 긴 단어(세 글자부터 자동 완성)나 다른 철자로 검색해 보세요. 지명은 어떤 로마자 표기로도, 한글로도 찾을 수 있습니다.",
    show_all_articles: "모든 기사 보기",
    undated: "날짜 없음",
    provinces_and_topics: "시·도와 주제",
    pages_of_results: "검색 결과 페이지",
    previous: "← 이전",
    next: "다음 →",
    page_of: |page, last| format!("{} / {}쪽", count(page as u64), count(last as u64)),
    sort: "정렬",
    most_relevant: "관련도순",
    newest_first: "최신순",
    oldest_first: "오래된순",

    facet_title: |kind| match kind {
        FacetKind::Province => "시·도",
        FacetKind::Topic => "주제",
        FacetKind::Source => "출처",
        FacetKind::Kind => "유형",
        FacetKind::Entity => "지명·기관·사건",
    },
    nothing_to_filter: "이 결과에는 선택할 항목이 없습니다.",
    show_fewer: "접기",
    show_all_values: |n| format!("모두 보기 ({}개)", count(n as u64)),
    active_filters: "적용 중인 필터",
    remove_filter: |facet, value| format!("필터 해제 {facet}: {value}"),
    clear_all: "모두 해제",
    chip_search: "검색어",
    quoted: |text| format!("“{text}”"),
    date_title: "날짜",
    date_range: |from, to| format!("{from} – {to}"),
    date_from_only: |from| format!("{from}부터"),
    date_until_only: |to| format!("{to}까지"),
    dated_only: "날짜가 있는 기사만",

    date: |d| format!("{}년 {}월 {}일", d.year, d.month, d.day),
    month: |year, month| format!("{year}년 {month}월"),
    year: |year| format!("{year}년"),

    from: "시작일",
    to: "종료일",
    any_date: "전체 기간",
    include_undated: "날짜 없는 기사 포함",
    no_dated: "이 결과에는 날짜가 있는 기사가 없습니다.",
    timeline_summary: |total, first, last| {
        format!("{first}부터 {last}까지 날짜가 있는 기사 {}건. 막대를 누르거나 여러 막대를 가로질러 끌어서 기간을 선택하세요.", count(total))
    },
    bar_title: |label, n| format!("{label}: 기사 {}건", count(n)),

    province_map: "시·도 지도",
    map_province: |id, name, name_ko, n| {
        format!("{} ({name}): 기사 {}건", province_name(id).unwrap_or(name_ko), count(n as u64))
    },
    map_hint: "시·도를 선택해 결과를 좁혀 보세요.",
    map_none: "이 결과에는 시·도를 언급한 기사가 없습니다.",
    map_places: "언급된 시·군",
    map_place: |name, n| format!("{name}: 기사 {}건", count(n as u64)),
    article_map: |places| format!("이 기사가 언급한 곳의 지도: {places}"),
    map_legend: "시·도별 기사 수",

    province_name,
    topic_name,
    kind_name,
    entity_title,
    entity_name,
    entity_detail,

    article_nav: "기사",
    back_to_results: "← 검색 결과로 돌아가기",
    article_unavailable: "지금은 이 기사를 표시할 수 없습니다",
    opening_article: "기사를 여는 중…",
    read_original: "원문 보기",
    opens_new_tab: " (새 탭에서 열림)",
    all_reports_about: |label| format!("{label} 관련 기사 모두 보기"),
    why_topic: |evidence| format!("근거: {evidence}"),
    why_topics: "이 주제로 분류한 근거",
    site_tags: "원래 사이트의 태그(주제로 쓰지 않고 그대로 표시): ",
    image_label: "사진: ",
    finding_others: "다른 기사를 찾는 중…",
    no_others: "이 기사 모음에서 이 이름을 언급한 다른 기사는 없습니다.",
    named_in_others: |n| format!("이 이름을 언급한 다른 기사 {}건:", count(n as u64)),
    show_every_report: "이 이름을 언급한 기사를 모두 목록에서 보기",
    close: "닫기",
    legend_label: "강조 표시 범례",
    highlighted: "강조 표시:",
    search_match: "검색어 일치",
    legend_hint: "강조된 이름을 선택하면 그 이름을 언급한 다른 기사를 볼 수 있습니다.",

    report_title: |rejected, warnings| match (rejected, warnings) {
        (0, w) => format!("기사 모음 점검: 경고 {}건", count(w as u64)),
        (r, 0) => format!("기사 모음 점검: 기사 {}건 거부", count(r as u64)),
        (r, w) => format!("기사 모음 점검: 기사 {}건 거부, 경고 {}건", count(r as u64), count(w as u64)),
    },
    report_more: |n| format!("… 외 {}건은 여기에 표시하지 않았습니다. 모두 보려면 기사 모음에 `tumen check`를 실행하세요.", count(n as u64)),
    report_heading: "기사 모음 점검 결과",
    problem_file: "파일 전체",
    problem_article: ("기사 “", "”"),
    problem_index: |n| format!("{n}번째 기사"),
    problem_rejected: "거부됨",
    problem_kept: "경고와 함께 유지됨",
    problem_in: " — 파일 ",
    problem_field: ", 필드 ",
    problem,

    add_articles: "기사 추가",
    reading_files: "파일을 읽는 중…",
    remove_added: "추가한 기사 삭제",
    added: |n| format!("기사 {}건을 추가했습니다. ", count(n as u64)),
    added_problems: "읽지 못한 레코드가 있습니다. 기사 모음 점검 결과를 확인하세요.",
    added_warnings: |n| format!("경고 {}건과 함께 읽었습니다(추정하거나 건너뛴 내용). 기사 모음 점검 결과를 확인하세요. ", count(n as u64)),
    added_kept: "추가한 기사는 이 기기에 보관됩니다.",
    added_not_kept: "브라우저 저장 공간이 가득 차서, 새로고침하면 추가한 기사가 사라집니다.",
    refused_file: |name, size, max| {
        format!("{name}을(를) 읽지 않았습니다: 크기가 {size}인데, 여기서 추가할 수 있는 파일은 최대 {max}입니다. 파일을 나누거나 `tumen build`로 사이트에 넣으세요.")
    },
    refused_total: |name, max| format!("{name}을(를) 읽지 않았습니다: 한 번에 추가하는 파일은 합계 최대 {max}까지입니다. 이 파일은 따로 추가하세요."),

    storing_progress: |n| format!("기사 {}건을 이 기기에 보관하는 중…", count(n as u64)),
    indexing_progress: |n| format!("기사 {}건에서 지명, 기관, 주제를 찾는 중…", count(n as u64)),
    reading_progress: |done, total| format!("파일을 읽는 중: {}개 중 {}개…", count(total as u64), count(done as u64)),
    added_to: |n, name| format!("기사 {}건을 추가했습니다(“{name}”). ", count(n as u64)),
    duplicates_merged: |n| format!("이미 있는 기사의 사본 {}건은 한 번만 표시합니다. ", count(n as u64)),
    added_not_kept_why: |why| format!("이 기기에 보관하지 못했습니다({why}). 이 탭을 닫을 때까지만 남아 있습니다."),
    store_trouble: |t| match t {
        StoreTrouble::Full => "이 사이트에 허용된 브라우저 저장 공간이 가득 찼습니다".to_string(),
        StoreTrouble::Unavailable { .. } => "이 브라우저는 페이지가 파일을 보관하도록 허용하지 않습니다(일부 비공개 창처럼)".to_string(),
        StoreTrouble::Failed { message } => format!("브라우저가 거부했습니다: {message}"),
    },
    drop_files: "여기에 파일을 놓으면 추가됩니다: .txt, .json, .jsonl 또는 이들을 묶은 .zip",
    files_collection: |n| format!("파일 {}개", count(n as u64)),

    your_archive: "내 자료실",
    archive_summary: |c, a| format!("모음 {}개, 기사 {}건", count(c as u64), count(a as u64)),
    archive_empty: "추가한 기사는 이 브라우저 안에 모음으로 보관되며, 모음마다 끄거나 이름을 바꾸거나 삭제할 수 있습니다. 페이지 어디에나 파일을 끌어다 놓거나 ‘기사 추가’를 누르세요.",
    collection_size: |a, f| format!("파일 {}개, 기사 {}건", count(f as u64), count(a as u64)),
    show_collection: |name| format!("“{name}” 표시"),
    rename: "이름 바꾸기",
    rename_collection: |name| format!("“{name}” 이름 바꾸기"),
    collection_name: "모음 이름",
    save_name: "이름 저장",
    cancel: "취소",
    delete: "삭제",
    delete_collection: |name| format!("“{name}” 삭제"),
    confirm_delete: |name| format!("“{name}”과(와) 그 기사를 이 브라우저에서 삭제할까요? 표시와 메모는 남습니다."),
    confirm_remove_all: "모든 모음과 그 기사를 이 브라우저에서 삭제할까요? 표시, 메모, 저장한 검색은 남습니다.",
    remove: "삭제",
    storage_persisted: "삭제하기 전까지 브라우저가 이 자료실을 보관합니다.",
    storage_not_persisted: "디스크 공간이 부족하면 브라우저가 이 자료실을 지울 수 있습니다. 가끔 백업해 두세요.",
    storage_used: |used, quota| format!("사용 가능한 {quota} 중 {used} 사용."),
    desk_unavailable: |why| format!("이 브라우저에는 파일, 표시, 메모를 보관할 수 없습니다({why}). 이 탭을 닫으면 사라집니다."),
    not_stored: |why| format!("저장하지 못했습니다({why}). 바뀐 것은 없습니다."),
    backup: "모두 백업",
    restore: "백업 복원",
    backup_hint: "모음, 표시, 메모, 저장한 검색을 파일 하나로 보관하거나 다른 브라우저에서 열 수 있습니다.",
    restored: |c, m, s| format!("모음 {}개, 기사 {}건의 표시, 저장한 검색 {}개를 복원했습니다.", count(c as u64), count(m as u64), count(s as u64)),
    restore_refused: |why| {
        use tumen_core::desk::BackupError as B;
        let why = match why {
            B::Unreadable { file, detail } => format!("브라우저가 {file}을(를) 읽지 못했습니다({detail})"),
            B::NotJson { file, message } => format!("{file}은(는) Tumen 백업이 아닙니다(JSON이 아닙니다: {})", json_detail(message)),
            B::NotABackup { file } => format!("{file}은(는) Tumen 백업이 아닙니다(\"format\": \"tumen-backup\"이 없습니다)"),
            B::Version { file, found, supported } => format!("{file}은(는) 버전 {found}의 백업입니다. 이 리더는 버전 {supported}을(를) 읽습니다"),
            B::Orphan { file, name, collection } => format!("{file}: 파일 “{name}”이(가) 속한 모음 “{collection}”이(가) 백업에 없습니다"),
            B::Damaged { file, section, entry, damage } => {
                let place = match entry {
                    Some(n) => format!("\"{section}\"의 {}번째 항목", count(*n as u64)),
                    None => format!("\"{section}\""),
                };
                format!("{file}은(는) Tumen 백업이지만 {place}{} 손상되었습니다: {}", subject(&place), backup_damage(damage))
            }
        };
        format!("복원하지 않았습니다: {why}")
    },
    downloaded: |name, n| format!("{name}을(를) 내려받았습니다(항목 {}개).", count(n as u64)),

    also_at: "같은 기사",
    show_copies: "사본 모두 보기",
    export: "내보내기",
    export_corpus: "기사 모음 파일(JSON)",
    export_csv: "스프레드시트(CSV)",
    export_citations: "인용 목록(Markdown)",
    exporting: "파일을 준비하는 중…",

    mark_save: "저장",
    mark_read: "읽음",
    save_article: |title| format!("“{title}” 저장"),
    read_article: |title| format!("“{title}” 읽음"),
    marked_read: "읽음으로 표시했습니다.",
    mark_unread: "읽지 않음으로 표시",
    note: "메모",
    note_label: "이 기사에 대한 내 메모",
    note_hint: "나만 볼 수 있으며, 이 브라우저와 백업에 보관됩니다.",
    note_saving: "저장하는 중…",
    note_saved: "메모를 저장했습니다.",
    has_note: "메모 있음",
    your_marks: "내 표시",
    facet_unread: "읽지 않음",
    facet_saved: "저장함",
    facet_noted: "메모 있음",

    saved_searches: "저장한 검색",
    save_search: "이 검색 저장",
    search_name: "검색 이름",
    no_saved_searches: "지금 보는 화면에 이름을 붙이면 한 번에 다시 찾고, 그 뒤 새로 나온 기사도 볼 수 있습니다.",
    new_matches: |n| format!("새 기사 {}건", count(n as u64)),
    search_matches: |n| format!("기사 {}건", count(n as u64)),
    delete_search: |name| format!("저장한 검색 “{name}” 삭제"),

    saving_offline: |percent| format!("오프라인용으로 저장 중… {percent:.0}%"),
    all_kept: "모든 기사 오프라인 보관됨",
    keep_all: "모든 기사 오프라인 보관",
    offline_copy: "오프라인 사본",
    cannot_keep_https: "이 브라우저에서는 기사 모음을 보관할 수 없습니다. 보관하려면 보안 연결(https)이 필요합니다.",
    kept_summary: |kept, total, files_kept, files_total| {
        format!("{total} 중 {kept}를 이 기기에 보관함 (파일 {}개 중 {}개).", count(files_total as u64), count(files_kept as u64))
    },
    saved_progress: "오프라인 읽기용 저장 진행률",
    stop: "중지",
    every_article_offline: "모든 기사를 인터넷 연결 없이 열 수 있습니다. 기사 모음이 갱신되면 새 기사도 저장됩니다.",
    download_rest: |size| format!("나머지 내려받기 ({size})"),
    browser_keeps: "브라우저가 이 파일들을 계속 보관합니다.",
    browser_may_remove: "디스크 공간이 부족하면 브라우저가 이 파일들을 지울 수 있습니다.",
    stop_keeping: "새 기사 오프라인 보관 중지",

    stage: |stage| match stage {
        Stage::Starting => "시작하는 중…",
        Stage::Manifest => "기사 모음을 찾는 중…",
        Stage::Table => "기사 목록을 내려받는 중…",
        Stage::Reading => "기사를 읽는 중…",
        Stage::Tagging => "지명, 기관, 주제를 찾는 중…",
    },
    loading_note: "모든 처리는 브라우저 안에서 이루어집니다. 처음 방문한 뒤에는 오프라인에서도 작동합니다.",
    nothing_lost: "잃어버린 것은 없습니다. 파일을 고친 뒤 이 페이지를 새로고침하세요.",
    add_own_articles: "가지고 있는 기사는 지금도 읽을 수 있습니다. 위의 \u{2018}기사 추가\u{2019}로 넣으면 이 브라우저에 보관됩니다.",
    showing_archive_only: "이 브라우저에서 추가한 기사만 보여 줍니다.",
    load_error,
    trouble,
    worker_could_not_start: |message| format!("리더의 백그라운드 작업을 시작할 수 없습니다: {message}"),
    crash: |details| format!("리더 내부에 문제가 생겨 작동을 멈췄습니다. 대개 페이지를 새로고침하면 해결됩니다. 자세한 내용: {details}"),

    update_available: "새 버전의 리더가 있습니다.",
    reload: "새로고침",
    offline_notice: "오프라인 — 저장된 사본을 읽고 있습니다. 이미 불러온 내용은 모두 쓸 수 있지만, 새 기사는 가져올 수 없습니다.",
    corpus_newer: "더 새로운 기사 모음이 게시되었습니다. 새로고침하면 읽을 수 있습니다.",
    reload_now: "지금 새로고침",

    // Keyboard
    keys_title: "키보드 단축키",
    keys_button: "키보드 단축키 (?)",
    keys_intro: "입력란에 글을 쓰는 중이 아니라면 리더 어디에서나 이 키를 쓸 수 있습니다.",
    keys_key: "키",
    keys_action: "기능",
    keys_or: "또는",
    key_next: "다음 결과 (마지막 결과에서는 다음 페이지로)",
    key_previous: "이전 결과 (첫 결과에서는 이전 페이지로)",
    key_open: "선택한 결과 열기",
    key_back: "기사에서 목록으로 돌아가기",
    key_save: "기사 저장 또는 저장 취소",
    key_read: "기사를 읽음 또는 안 읽음으로 표시",
    key_note: "기사에 메모 쓰기",
    key_search: "검색창으로 이동",
    key_help: "단축키 목록 보기",
    key_escape: "이 목록 닫기, 검색창에서 나가기, 또는 기사에서 목록으로 돌아가기",

    // Trends and chart export
    trends_title: "추세",
    matrix_caption: "도별·주제별 기사",
    matrix_corner: "시·도",
    matrix_none: "이 결과에는 시·도와 주제가 모두 있는 기사가 없습니다.",
    matrix_cell: |id, name, name_ko, topic, n| {
        format!("{} ({name}), {topic}: 기사 {}건", province_name(id).unwrap_or(name_ko), count(n as u64))
    },
    multiples_title: "시기별 추이",
    multiples_by: "차트 기준",
    multiples_topics: "주제",
    multiples_provinces: "시·도",
    multiple_name: |name, n| format!("{name}: 기사 {}건", count(n as u64)),
    too_few_reports: "기사가 너무 적습니다",
    chart_map: "도별 지도",
    chart_timeline: "시기별 막대그래프",
    chart_matrix: "도별·주제별 표",
    chart_multiples: "시기별 추이 차트",
    save_svg: |chart| format!("{chart}를 SVG로 저장"),
    save_png: |chart| format!("{chart}를 PNG로 저장"),
    export_filters: |filters| format!("필터: {filters}"),
    export_no_filters: "필터 없음: 모든 기사",
    export_made: |date| format!("Tumen에서 {date}에 만듦"),
    export_failed: "이 브라우저에서는 그림을 만들 수 없습니다.",
};
