//! Intake's row checks, compiled: the hot path of the national delivery rush.
//!
//! The rules are those of `lr_intake.domain.validation.RowValidator`, which stays the
//! specification: a row this code cannot decide exactly as Python would (a value outside ASCII
//! where Python's case mapping applies, an e-mail address beyond the simple form, text that is
//! not valid UTF-8) is answered with `None`, and the caller checks that row in Python. The
//! tests hold the two equal over generated national files and random rows.
//!
//! For an accepted row the result is what intake stages for publication: the keyed BSN hash
//! (HMAC-SHA256, hex), the appointment's identity and fingerprint (BLAKE2b, 16 bytes) and its
//! AppointmentV1 JSON, byte for byte what `lr_intake.adapters.messages.appointment_body` writes.

use std::collections::{HashMap, HashSet};
use std::fmt::Write as _;

use blake2::digest::consts::U16;
use blake2::{Blake2b, Digest};
use hmac::{Hmac, Mac};
use pyo3::prelude::*;
use pyo3::types::{PyBytes, PyList, PyString, PyTuple};
use sha2::Sha256;

type Blake2b128 = Blake2b<U16>;

const REQUIRED: &str = "VERPLICHT";
const TOO_LONG: &str = "TE_LANG";
const DATE_INVALID: &str = "DATUM_ONGELDIG";
const BG_FORMAT: &str = "BG_FORMAAT";
const BG_NOT_ALLOWED: &str = "BG_NIET_TOEGESTAAN";
const BSN_FORMAT: &str = "BSN_FORMAAT";
const BSN_ELEVEN_PROOF: &str = "BSN_ELFPROEF";
const GESLACHT_INVALID: &str = "GESLACHT_ONGELDIG";
const AGE_IMPLAUSIBLE: &str = "LEEFTIJD_ONAANNEMELIJK";
const BRIN_FORMAT: &str = "BRIN_FORMAAT";
const VOLGNUMMER_FORMAT: &str = "VOLGNUMMER_FORMAAT";
const SCHOOL_UNKNOWN: &str = "SCHOOL_ONBEKEND";
const SCHOOL_OTHER_BOARD: &str = "SCHOOL_ANDER_BESTUUR";
const FUNCTIE_OUT_OF_SCOPE: &str = "FUNCTIE_BUITEN_SCOPE";
const FUNCTIE_UNKNOWN: &str = "FUNCTIE_ONBEKEND";
const GRONDSLAG_UNKNOWN: &str = "GRONDSLAG_ONBEKEND";
const TERREIN_REQUIRED: &str = "TERREIN_VERPLICHT";
const TERREIN_FORBIDDEN: &str = "TERREIN_NIET_TOEGESTAAN";
const TERREIN_UNKNOWN: &str = "TERREIN_ONBEKEND";
const END_DATE_REQUIRED: &str = "EINDDATUM_VERPLICHT";
const BENOEMING_ORDER: &str = "BENOEMING_VOLGORDE";
const DIENSTVERBAND_ORDER: &str = "DIENSTVERBAND_VOLGORDE";
const BENOEMING_BEFORE_DIENSTVERBAND: &str = "BENOEMING_VOOR_DIENSTVERBAND";
const BENOEMING_AFTER_DIENSTVERBAND: &str = "BENOEMING_NA_DIENSTVERBAND";
const SHORT_CONTRACT: &str = "KORT_CONTRACT";
const LATE_DELIVERY: &str = "LATE_LEVERING";

const FUNCTIES_IN_SCOPE: [&str; 3] = ["leraar", "lio", "uitzendkracht"];
const FUNCTIES_OUT_OF_SCOPE: [&str; 3] = ["stagiair", "onderwijsassistent", "intern_begeleider"];
const GESLACHTEN: [&str; 4] = ["M", "V", "X", "O"];
const MIN_AGE: i32 = 15;
const MAX_AGE: i32 = 80;

/// Columns in `COLUMNS` order; the names and e-mail may hold any text, the rest is decided here
/// only when it is ASCII (Python's `upper`/`lower` and `isdigit` reach beyond it).
const COLUMN_COUNT: usize = 17;
const ACHTERNAAM: usize = 2;
const TUSSENVOEGSEL: usize = 3;
const VOORLETTERS: usize = 4;

/// (column, code) of one problem; the caller adds the Dutch message.
type Problem = (&'static str, &'static str);

#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
struct Day {
    year: i32,
    month: u32,
    day: u32,
}

impl Day {
    /// `date.isoformat()`: YYYY-MM-DD (years 1 to 9999).
    fn iso(self) -> String {
        let (y, m, d) = (self.year as u32, self.month, self.day);
        let digit = |n: u32| char::from(b'0' + (n % 10) as u8);
        let mut out = String::with_capacity(10);
        out.extend([digit(y / 1000), digit(y / 100), digit(y / 10), digit(y)]);
        out.extend(['-', digit(m / 10), digit(m), '-', digit(d / 10), digit(d)]);
        out
    }
}

fn is_leap(year: i32) -> bool {
    year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)
}

fn days_in_month(year: i32, month: u32) -> u32 {
    match month {
        2 if is_leap(year) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

fn digits(text: &[u8]) -> Option<i32> {
    let mut value = 0i32;
    for &b in text {
        if !b.is_ascii_digit() {
            return None;
        }
        value = value * 10 + i32::from(b - b'0');
    }
    Some(value)
}

/// `lr_intake.domain.dates.parse_date`: ISO `YYYY-MM-DD` or `DD-MM-YYYY`, a real date.
fn parse_date(text: &str) -> Option<Day> {
    let b = text.as_bytes();
    if b.len() != 10 {
        return None;
    }
    let (year, month, day) = if b[4] == b'-' && b[7] == b'-' {
        (digits(&b[0..4])?, digits(&b[5..7])?, digits(&b[8..10])?)
    } else if b[2] == b'-' && b[5] == b'-' {
        (digits(&b[6..10])?, digits(&b[3..5])?, digits(&b[0..2])?)
    } else {
        return None;
    };
    if year < 1 || !(1..=12).contains(&month) {
        return None;
    }
    let (month, day) = (month as u32, day as u32);
    if day < 1 || day > days_in_month(year, month) {
        return None;
    }
    Some(Day { year, month, day })
}

/// `lr_intake.domain.dates.add_month`; the last representable day beyond the year 9999.
fn add_month(d: Day) -> Day {
    let (year, month) = if d.month == 12 {
        (d.year + 1, 1)
    } else {
        (d.year, d.month + 1)
    };
    if year > 9999 {
        return Day {
            year: 9999,
            month: 12,
            day: 31,
        };
    }
    Day {
        year,
        month,
        day: d.day.min(days_in_month(year, month)),
    }
}

fn age_on(birth: Day, on: Day) -> i32 {
    on.year - birth.year - i32::from((on.month, on.day) < (birth.month, birth.day))
}

/// Python's `str.isspace()`, the characters `str.strip()` removes.
fn is_py_space(c: char) -> bool {
    matches!(
        c,
        '\t'..='\r'
            | '\x1c'..='\x20'
            | '\u{85}'
            | '\u{a0}'
            | '\u{1680}'
            | '\u{2000}'..='\u{200a}'
            | '\u{2028}'
            | '\u{2029}'
            | '\u{202f}'
            | '\u{205f}'
            | '\u{3000}'
    )
}

fn py_strip(text: &str) -> &str {
    match (text.as_bytes().first(), text.as_bytes().last()) {
        // the common case: neither end can be whitespace
        (Some(&first), Some(&last))
            if first > b' ' && first < 0x80 && last > b' ' && last < 0x80 =>
        {
            text
        }
        _ => text.trim_matches(is_py_space),
    }
}

fn char_len(text: &str) -> usize {
    if text.is_ascii() {
        text.len()
    } else {
        text.chars().count()
    }
}

fn all_digits(text: &str, len: usize) -> bool {
    text.len() == len && text.bytes().all(|b| b.is_ascii_digit())
}

fn eleven_proof(d: &[u8]) -> bool {
    let total = 9 * i32::from(d[0])
        + 8 * i32::from(d[1])
        + 7 * i32::from(d[2])
        + 6 * i32::from(d[3])
        + 5 * i32::from(d[4])
        + 4 * i32::from(d[5])
        + 3 * i32::from(d[6])
        + 2 * i32::from(d[7])
        - i32::from(d[8])
        - 2064;
    total % 11 == 0 && d != b"000000000"
}

const ATEXT_EXTRA: &[u8] = b"!#$%&'*+/=?^_`{|}~-";

fn is_atext(b: u8) -> bool {
    b.is_ascii_alphanumeric() || ATEXT_EXTRA.contains(&b)
}

fn is_label(label: &[u8]) -> bool {
    let n = label.len();
    (1..=63).contains(&n)
        && label[0].is_ascii_alphanumeric()
        && label[n - 1].is_ascii_alphanumeric()
        && label
            .iter()
            .all(|&b| b.is_ascii_alphanumeric() || b == b'-')
}

/// The fast path of `lr_intake.domain.email.normalize_email`: an ordinary ASCII address that
/// passes it, normalized; None for anything that path does not accept (Python decides those).
fn simple_email(value: &str, special_use_suffixes: &[String]) -> Option<String> {
    let b = value.as_bytes();
    if b.len() > 254 {
        return None;
    }
    let at = b.iter().position(|&c| c == b'@')?;
    let (local, domain) = (&b[..at], &b[at + 1..]);
    if local
        .split(|&c| c == b'.')
        .any(|part| part.is_empty() || !part.iter().all(|&c| is_atext(c)))
    {
        return None;
    }
    let labels: Vec<&[u8]> = domain.split(|&c| c == b'.').collect();
    let (tld, rest) = labels.split_last()?;
    if rest.is_empty()
        || !(2..=63).contains(&tld.len())
        || !tld.iter().all(u8::is_ascii_alphabetic)
        || !rest.iter().all(|label| is_label(label))
    {
        return None;
    }
    let domain = std::str::from_utf8(domain).ok()?.to_ascii_lowercase();
    if domain.contains("--")
        || local.len() > 64
        || special_use_suffixes
            .iter()
            .any(|suffix| domain.ends_with(suffix.as_str()))
    {
        return None;
    }
    Some(format!("{}@{}", std::str::from_utf8(local).ok()?, domain))
}

/// `json.encoder.encode_basestring`: a JSON string literal, non-ASCII characters as they are.
fn json_str(out: &mut String, text: &str) {
    out.push('"');
    let bytes = text.as_bytes();
    let mut plain = 0; // the start of the run not yet written
    for (i, &b) in bytes.iter().enumerate() {
        // Only ASCII needs escaping; a UTF-8 sequence's bytes are all >= 0x80.
        let escaped = match b {
            b'"' => "\\\"",
            b'\\' => "\\\\",
            b'\n' => "\\n",
            b'\r' => "\\r",
            b'\t' => "\\t",
            0x08 => "\\b",
            0x0c => "\\f",
            0x00..=0x1f => "",
            _ => continue,
        };
        out.push_str(&text[plain..i]);
        if escaped.is_empty() {
            let _ = write!(out, "\\u{b:04x}");
        } else {
            out.push_str(escaped);
        }
        plain = i + 1;
    }
    out.push_str(&text[plain..]);
    out.push('"');
}

fn json_opt(out: &mut String, text: Option<&str>) {
    match text {
        Some(text) => json_str(out, text),
        None => out.push_str("null"),
    }
}

fn json_day(out: &mut String, day: Option<Day>) {
    match day {
        Some(day) => {
            out.push('"');
            out.push_str(&day.iso());
            out.push('"');
        }
        None => out.push_str("null"),
    }
}

fn digest(parts: &[&str]) -> [u8; 16] {
    let mut hasher = Blake2b128::new();
    for (i, part) in parts.iter().enumerate() {
        if i > 0 {
            hasher.update(b"\x1f");
        }
        hasher.update(part.as_bytes());
    }
    hasher.finalize().into()
}

fn hex(bytes: &[u8]) -> String {
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    let mut out = String::with_capacity(bytes.len() * 2);
    for &b in bytes {
        out.push(char::from(DIGITS[usize::from(b >> 4)]));
        out.push(char::from(DIGITS[usize::from(b & 15)]));
    }
    out
}

struct School {
    bevoegd_gezag: String,
    sector: String,
    brin: String,
    brin_volgnummer: String,
}

/// An accepted row's appointment, its values as the contract carries them.
struct Appointment<'a> {
    bevoegd_gezag: &'a str,
    bsn: String,
    achternaam: &'a str,
    tussenvoegsel: &'a str,
    voorletters: &'a str,
    geslacht: String,
    geboortedatum: Day,
    email: Option<String>,
    school: &'a School,
    functie: String,
    benoemingsgrondslag: String,
    qualified: bool,
    onderwijsterrein: Option<String>,
    benoeming_begindatum: Day,
    benoeming_einddatum: Option<Day>,
    dienstverband_begindatum: Day,
    dienstverband_einddatum: Option<Day>,
}

#[allow(clippy::large_enum_variant)] // one per row, moved once
enum Outcome<'a> {
    Python,
    Rejected(Vec<Problem>),
    Accepted(Appointment<'a>, Vec<&'static str>),
}

/// The reference data the checks read: built once per reference version, shared by the
/// checkers of all deliveries (building it took ~10 ms, a delivery of a hundred rows ~0.4 ms).
#[pyclass(module = "lr_intake_native", frozen)]
struct Reference {
    schools: HashMap<String, School>,
    grondslagen: HashMap<String, HashMap<String, bool>>,
    all_grondslagen: HashSet<String>,
    terreinen: HashSet<String>,
    special_use_suffixes: Vec<String>,
}

#[pymethods]
impl Reference {
    /// schools: brin + volgnummer -> (bevoegd_gezag, sector, brin, brin_volgnummer);
    /// grondslagen: sector -> code -> qualified; special_use: domain names (no dot).
    #[new]
    #[pyo3(signature = (*, schools, grondslagen, all_grondslagen, terreinen, special_use))]
    fn new(
        schools: HashMap<String, (String, String, String, String)>,
        grondslagen: HashMap<String, HashMap<String, bool>>,
        all_grondslagen: HashSet<String>,
        terreinen: HashSet<String>,
        special_use: Vec<String>,
    ) -> Self {
        let schools = schools
            .into_iter()
            .map(|(key, (bevoegd_gezag, sector, brin, brin_volgnummer))| {
                let school = School {
                    bevoegd_gezag,
                    sector,
                    brin,
                    brin_volgnummer,
                };
                (key, school)
            })
            .collect();
        Self {
            schools,
            grondslagen,
            all_grondslagen,
            terreinen,
            special_use_suffixes: special_use.iter().map(|name| format!(".{name}")).collect(),
        }
    }
}

/// Checks the rows of one delivery, as `RowValidator` with the keyed BSN hash and the message.
#[pyclass(module = "lr_intake_native")]
struct RowChecker {
    reference: Py<Reference>,
    allowed: HashSet<String>,
    today: Day,
    hash: Hmac<Sha256>,
    delivery_id: String,
}

#[pymethods]
impl RowChecker {
    /// today: (year, month, day).
    #[new]
    #[pyo3(signature = (reference, *, allowed, today, hash_key, delivery_id))]
    fn new(
        reference: Py<Reference>,
        allowed: HashSet<String>,
        today: (i32, u32, u32),
        hash_key: &[u8],
        delivery_id: String,
    ) -> PyResult<Self> {
        let hash = Hmac::<Sha256>::new_from_slice(hash_key)
            .map_err(|_| pyo3::exceptions::PyValueError::new_err("unusable hash key"))?;
        Ok(Self {
            reference,
            allowed,
            today: Day {
                year: today.0,
                month: today.1,
                day: today.2,
            },
            hash,
            delivery_id,
        })
    }

    /// One outcome per `(row_number, values)`, and the positions of those that are not final.
    /// Final: `(record, ())` for a row accepted without issues, the record being (row_number,
    /// identity, fingerprint, bevoegd_gezag, key, value). Not final: None when Python must
    /// check the row; `(None, [(column, code), ...])` for a rejected one; `(record, [warning
    /// code, ...])` for one accepted with warnings (the caller adds the messages).
    fn check<'py>(
        &self,
        py: Python<'py>,
        rows: &Bound<'py, PyList>,
    ) -> PyResult<(Vec<PyObject>, Vec<usize>)> {
        let mut outcomes = Vec::with_capacity(rows.len());
        let mut pending = Vec::new();
        let none = py.None();
        let no_issues = PyTuple::empty(py);
        let reference = self.reference.get();
        for (position, row) in rows.iter().enumerate() {
            let row = row.downcast::<PyTuple>()?;
            let number: u32 = row.get_item(0)?.extract()?;
            let values = row.get_item(1)?;
            // Anything but a list of 17 str objects valid as UTF-8 is Python's to check.
            let items: Vec<Bound<'py, PyAny>> = match values.downcast::<PyList>() {
                Ok(list) if list.len() == COLUMN_COUNT => list.iter().collect(),
                _ => Vec::new(),
            };
            let mut texts: [&str; COLUMN_COUNT] = [""; COLUMN_COUNT];
            let mut readable = !items.is_empty();
            for (text, item) in texts.iter_mut().zip(&items) {
                match item.downcast::<PyString>().map(|s| s.to_str()) {
                    Ok(Ok(value)) => *text = value,
                    _ => {
                        readable = false;
                        break;
                    }
                }
            }
            let outcome = if readable {
                self.validate(reference, &texts)
            } else {
                Outcome::Python
            };
            if !matches!(outcome, Outcome::Accepted(_, ref warnings) if warnings.is_empty()) {
                pending.push(position);
            }
            outcomes.push(match outcome {
                Outcome::Python => none.clone_ref(py),
                Outcome::Rejected(problems) => (none.clone_ref(py), problems)
                    .into_pyobject(py)?
                    .into_any()
                    .unbind(),
                Outcome::Accepted(appointment, warnings) if warnings.is_empty() => {
                    (self.record(py, number, &appointment)?, no_issues.clone())
                        .into_pyobject(py)?
                        .into_any()
                        .unbind()
                }
                Outcome::Accepted(appointment, warnings) => {
                    (self.record(py, number, &appointment)?, warnings)
                        .into_pyobject(py)?
                        .into_any()
                        .unbind()
                }
            });
        }
        Ok((outcomes, pending))
    }
}

impl RowChecker {
    fn validate<'a>(&self, r: &'a Reference, v: &[&'a str; COLUMN_COUNT]) -> Outcome<'a> {
        for (i, value) in v.iter().enumerate() {
            if i != ACHTERNAAM && i != TUSSENVOEGSEL && i != VOORLETTERS && !value.is_ascii() {
                return Outcome::Python;
            }
        }
        let bg = py_strip(v[0]);
        let mut bsn = py_strip(v[1]).to_owned();
        let achternaam = py_strip(v[2]);
        let tussenvoegsel = py_strip(v[3]);
        let voorletters = py_strip(v[4]);
        let mut geslacht = py_strip(v[5]).to_owned();
        let geb = py_strip(v[6]);
        let email = py_strip(v[7]);
        let brin = py_strip(v[8]);
        let volgnr = py_strip(v[9]);
        let mut functie = py_strip(v[10]).to_owned();
        let mut grondslag = py_strip(v[11]).to_owned();
        let mut terrein = py_strip(v[12]).to_owned();
        let bb = py_strip(v[13]);
        let be = py_strip(v[14]);
        let db = py_strip(v[15]);
        let de = py_strip(v[16]);
        let mut problems: Vec<Problem> = Vec::new();
        let mut add = |column: &'static str, code: &'static str| problems.push((column, code));

        if !self.allowed.contains(bg) {
            if bg.is_empty() {
                add("bevoegd_gezag", REQUIRED);
            } else if all_digits(bg, 5) {
                add("bevoegd_gezag", BG_NOT_ALLOWED);
            } else {
                add("bevoegd_gezag", BG_FORMAT);
            }
        }
        if all_digits(&bsn, 9) {
            if !eleven_proof(bsn.as_bytes()) {
                add("bsn", BSN_ELEVEN_PROOF);
            }
        } else if bsn.is_empty() {
            add("bsn", REQUIRED);
        } else if !all_digits(&bsn, 8) {
            add("bsn", BSN_FORMAT);
        } else {
            bsn.insert(0, '0');
            if !eleven_proof(bsn.as_bytes()) {
                add("bsn", BSN_ELEVEN_PROOF);
            }
        }
        let length = char_len(achternaam);
        if length == 0 || length > 200 {
            add("achternaam", if length > 0 { TOO_LONG } else { REQUIRED });
        }
        if char_len(tussenvoegsel) > 20 {
            add("tussenvoegsel", TOO_LONG);
        }
        let length = char_len(voorletters);
        if length == 0 || length > 20 {
            add("voorletters", if length > 0 { TOO_LONG } else { REQUIRED });
        }
        if !GESLACHTEN.contains(&geslacht.as_str()) {
            geslacht.make_ascii_uppercase();
            if !GESLACHTEN.contains(&geslacht.as_str()) {
                add(
                    "geslacht",
                    if geslacht.is_empty() {
                        REQUIRED
                    } else {
                        GESLACHT_INVALID
                    },
                );
            }
        }
        let mut normalized_email = None;
        if !email.is_empty() {
            match simple_email(email, &r.special_use_suffixes) {
                Some(address) => normalized_email = Some(address),
                None => return Outcome::Python,
            }
        }

        // Dates: None when empty, Some(None) when not a date.
        let parse = |text: &str| {
            if text.is_empty() {
                None
            } else {
                Some(parse_date(text))
            }
        };
        let birth = parse(geb).flatten();
        if birth.is_none() {
            add(
                "geboortedatum",
                if geb.is_empty() {
                    REQUIRED
                } else {
                    DATE_INVALID
                },
            );
        }
        let benoeming_begin = parse(bb).flatten();
        if benoeming_begin.is_none() {
            add(
                "benoeming_begindatum",
                if bb.is_empty() {
                    REQUIRED
                } else {
                    DATE_INVALID
                },
            );
        }
        let benoeming_end = parse(be).flatten();
        if !be.is_empty() && benoeming_end.is_none() {
            add("benoeming_einddatum", DATE_INVALID);
        }
        let dienst_begin = parse(db).flatten();
        if dienst_begin.is_none() {
            add(
                "dienstverband_begindatum",
                if db.is_empty() {
                    REQUIRED
                } else {
                    DATE_INVALID
                },
            );
        }
        let dienst_end = parse(de).flatten();
        if !de.is_empty() && dienst_end.is_none() {
            add("dienstverband_einddatum", DATE_INVALID);
        }
        if let Some(begin) = benoeming_begin {
            if matches!(benoeming_end, Some(end) if end < begin) {
                add("benoeming_einddatum", BENOEMING_ORDER);
            }
            if let Some(born) = birth {
                if !(MIN_AGE..=MAX_AGE).contains(&age_on(born, begin)) {
                    add("geboortedatum", AGE_IMPLAUSIBLE);
                }
            }
            if matches!(dienst_begin, Some(start) if begin < start) {
                add("benoeming_begindatum", BENOEMING_BEFORE_DIENSTVERBAND);
            }
        }
        if let (Some(start), Some(end)) = (dienst_begin, dienst_end) {
            if end < start {
                add("dienstverband_einddatum", DIENSTVERBAND_ORDER);
            }
        }
        if let Some(end) = dienst_end {
            let after = match (benoeming_end, benoeming_begin) {
                (Some(benoeming), _) => benoeming > end,
                // an open appointment begun after its employment ended (unless that is reversed)
                (None, Some(begin)) => {
                    begin > end && dienst_begin.map_or(true, |start| start <= end)
                }
                (None, None) => false,
            };
            if after {
                add("benoeming_einddatum", BENOEMING_AFTER_DIENSTVERBAND);
            }
        }

        // School, board and the code lists of its sector.
        let mut school = if brin.len() == 4 {
            r.schools.get(&format!("{brin}{volgnr}"))
        } else {
            None
        };
        let upper = brin.to_ascii_uppercase();
        if school.is_none() && upper.len() == 4 {
            let volgnr = if volgnr.is_empty() { "00" } else { volgnr };
            school = r.schools.get(&format!("{upper}{volgnr}"));
        }
        match school {
            None => {
                let b = upper.as_bytes();
                if b.is_empty() {
                    add("brin", REQUIRED);
                } else if !(b.len() == 4
                    && b[..2].iter().all(u8::is_ascii_digit)
                    && b[2..].iter().all(u8::is_ascii_uppercase))
                {
                    add("brin", BRIN_FORMAT);
                } else if !volgnr.is_empty() && !all_digits(volgnr, 2) {
                    add("brin_volgnummer", VOLGNUMMER_FORMAT);
                } else {
                    add("brin", SCHOOL_UNKNOWN);
                }
            }
            Some(found) => {
                if found.bevoegd_gezag != bg && self.allowed.contains(bg) {
                    add("brin", SCHOOL_OTHER_BOARD);
                }
            }
        }

        if !FUNCTIES_IN_SCOPE.contains(&functie.as_str()) {
            functie.make_ascii_lowercase();
            if FUNCTIES_IN_SCOPE.contains(&functie.as_str()) {
            } else if functie.is_empty() {
                add("functie", REQUIRED);
            } else if FUNCTIES_OUT_OF_SCOPE.contains(&functie.as_str()) {
                add("functie", FUNCTIE_OUT_OF_SCOPE);
            } else {
                add("functie", FUNCTIE_UNKNOWN);
            }
        }

        let mut qualified: Option<bool> = None;
        if grondslag.is_empty() {
            add("benoemingsgrondslag", REQUIRED);
        } else if let Some(found) = school {
            let of_sector = match r.grondslagen.get(&found.sector) {
                Some(codes) => codes,
                None => return Outcome::Python,
            };
            qualified = of_sector.get(&grondslag).copied();
            if qualified.is_none() {
                grondslag.make_ascii_uppercase();
                qualified = of_sector.get(&grondslag).copied();
                if qualified.is_none() {
                    add("benoemingsgrondslag", GRONDSLAG_UNKNOWN);
                }
            }
        } else if !r.all_grondslagen.contains(&grondslag.to_ascii_uppercase()) {
            add("benoemingsgrondslag", GRONDSLAG_UNKNOWN);
        }

        terrein.make_ascii_uppercase();
        if qualified == Some(true) && !terrein.is_empty() {
            add("onderwijsterrein", TERREIN_FORBIDDEN);
        } else if qualified == Some(false) && terrein.is_empty() {
            add("onderwijsterrein", TERREIN_REQUIRED);
        } else if !terrein.is_empty() && !r.terreinen.contains(&terrein) {
            add("onderwijsterrein", TERREIN_UNKNOWN);
        }
        if qualified == Some(false) && be.is_empty() {
            add("benoeming_einddatum", END_DATE_REQUIRED);
        }

        if !problems.is_empty() {
            return Outcome::Rejected(problems);
        }
        // No problems: everything below was found and parsed.
        let (school, qualified, born, begin, start) =
            match (school, qualified, birth, benoeming_begin, dienst_begin) {
                (Some(school), Some(qualified), Some(born), Some(begin), Some(start)) => {
                    (school, qualified, born, begin, start)
                }
                _ => return Outcome::Python,
            };
        let mut warnings = Vec::new();
        let month_later = add_month(begin);
        if matches!(benoeming_end, Some(end) if end < month_later) {
            warnings.push(SHORT_CONTRACT);
        }
        if self.today > month_later {
            warnings.push(LATE_DELIVERY);
        }
        Outcome::Accepted(
            Appointment {
                bevoegd_gezag: bg,
                bsn,
                achternaam,
                tussenvoegsel,
                voorletters,
                geslacht,
                geboortedatum: born,
                email: normalized_email,
                school,
                functie,
                benoemingsgrondslag: grondslag,
                qualified,
                onderwijsterrein: if terrein.is_empty() {
                    None
                } else {
                    Some(terrein)
                },
                benoeming_begindatum: begin,
                benoeming_einddatum: benoeming_end,
                dienstverband_begindatum: start,
                dienstverband_einddatum: dienst_end,
            },
            warnings,
        )
    }

    /// (row_number, identity, fingerprint, bevoegd_gezag, key, value), as intake stages it.
    fn record<'py>(
        &self,
        py: Python<'py>,
        number: u32,
        a: &Appointment<'_>,
    ) -> PyResult<Bound<'py, PyTuple>> {
        let mut mac = self.hash.clone();
        mac.update(a.bsn.as_bytes());
        let key = hex(&mac.finalize().into_bytes());
        let begin = a.benoeming_begindatum.iso();
        let identity = digest(&[
            &key,
            &a.school.brin,
            &a.school.brin_volgnummer,
            &a.benoemingsgrondslag,
            &begin,
        ]);
        let born = a.geboortedatum.iso();
        let end = a.benoeming_einddatum.map(Day::iso).unwrap_or_default();
        let start = a.dienstverband_begindatum.iso();
        let stop = a.dienstverband_einddatum.map(Day::iso).unwrap_or_default();
        let fingerprint = digest(&[
            a.bevoegd_gezag,
            a.achternaam,
            a.tussenvoegsel,
            a.voorletters,
            &a.geslacht,
            &born,
            a.email.as_deref().unwrap_or(""),
            &a.functie,
            a.onderwijsterrein.as_deref().unwrap_or(""),
            &end,
            &start,
            &stop,
        ]);

        let mut body = String::with_capacity(640);
        let _ = write!(
            body,
            "{{\"delivery_id\":\"{}\",\"row_number\":{number},\"bsn\":",
            self.delivery_id
        );
        json_str(&mut body, &a.bsn);
        body.push_str(",\"achternaam\":");
        json_str(&mut body, a.achternaam);
        body.push_str(",\"tussenvoegsel\":");
        json_str(&mut body, a.tussenvoegsel);
        body.push_str(",\"voorletters\":");
        json_str(&mut body, a.voorletters);
        body.push_str(",\"geslacht\":");
        json_str(&mut body, &a.geslacht);
        let _ = write!(body, ",\"geboortedatum\":\"{born}\",\"email\":");
        json_opt(&mut body, a.email.as_deref());
        body.push_str(",\"bevoegd_gezag\":");
        json_str(&mut body, a.bevoegd_gezag);
        body.push_str(",\"brin\":");
        json_str(&mut body, &a.school.brin);
        body.push_str(",\"brin_volgnummer\":");
        json_str(&mut body, &a.school.brin_volgnummer);
        body.push_str(",\"sector\":");
        json_str(&mut body, &a.school.sector);
        body.push_str(",\"functie\":");
        json_str(&mut body, &a.functie);
        body.push_str(",\"benoemingsgrondslag\":");
        json_str(&mut body, &a.benoemingsgrondslag);
        body.push_str(if a.qualified {
            ",\"qualified\":true"
        } else {
            ",\"qualified\":false"
        });
        body.push_str(",\"onderwijsterrein\":");
        json_opt(&mut body, a.onderwijsterrein.as_deref());
        let _ = write!(
            body,
            ",\"benoeming_begindatum\":\"{begin}\",\"benoeming_einddatum\":"
        );
        json_day(&mut body, a.benoeming_einddatum);
        let _ = write!(
            body,
            ",\"dienstverband_begindatum\":\"{start}\",\"dienstverband_einddatum\":"
        );
        json_day(&mut body, a.dienstverband_einddatum);
        body.push('}');

        (
            number,
            PyBytes::new(py, &identity),
            PyBytes::new(py, &fingerprint),
            a.bevoegd_gezag,
            PyBytes::new(py, key.as_bytes()),
            PyBytes::new(py, body.as_bytes()),
        )
            .into_pyobject(py)
    }
}

#[pymodule]
fn lr_intake_native(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_class::<Reference>()?;
    m.add_class::<RowChecker>()?;
    Ok(())
}
