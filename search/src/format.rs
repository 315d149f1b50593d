//! The index files: their names, their binary layout, and reading and
//! writing them. Documented for people in `docs/search.md`.
//!
//! Every file starts with `BSX`, a kind letter and the format version, so a
//! stale or foreign file is refused with a clear error rather than misread.
//! Numbers are LEB128 varints and postings are stored in columns (documents
//! as gaps, then impacts, then sections), which is what makes them small
//! before compression and smaller after it.

use crate::Error;

/// Raised whenever the layout of any file changes.
pub const FORMAT_VERSION: u8 = 1;
const MAGIC: &[u8; 3] = b"BSX";

pub const MANIFEST_FILE: &str = "manifest.bin";

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Kind {
    Manifest = b'M' as isize,
    Terms = b'T' as isize,
    Tier = b'P' as isize,
    Chunk = b'C' as isize,
    Docs = b'D' as isize,
}

/// The shared settings of an index, read first by every query.
#[derive(Clone, Debug, PartialEq)]
pub struct Manifest {
    pub doc_count: u32,
    /// BM25's parameters, as the writer baked them into the impacts.
    pub k1: f32,
    pub b: f32,
    pub docs_per_shard: u32,
    pub chunk_size: u32,
    /// Section slugs; postings and documents refer to them by index.
    pub sections: Vec<String>,
    /// The first term of each dictionary shard, in order (the first is "").
    pub shards: Vec<String>,
}

/// One document's appearance in a term's postings. `impact` is the term's
/// BM25 weight in the document without the IDF, quantised to 1..=255.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Posting {
    pub doc: u32,
    pub impact: u8,
    pub section: u8,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct TierInfo {
    pub count: u32,
    pub max_impact: u8,
}

#[derive(Clone, Debug, PartialEq)]
pub enum TermPostings {
    /// A rare term's postings live in its dictionary entry: no more fetches.
    Inline(Vec<Posting>),
    /// Impact tiers (best first) and date chunks (oldest first) in files.
    Files { tiers: Vec<TierInfo>, chunks: u32 },
}

#[derive(Clone, Debug, PartialEq)]
pub struct TermEntry {
    pub term: String,
    pub df: u32,
    pub postings: TermPostings,
}

/// A date chunk: documents (oldest first) of one term. The newest chunk also
/// holds the first document of every chunk, to find the one covering a date.
#[derive(Clone, Debug, PartialEq)]
pub struct Chunk {
    pub docs: Vec<u32>,
    pub sections: Vec<u8>,
    pub directory: Vec<u32>,
}

/// What a result shows of a document.
#[derive(Clone, Debug, PartialEq)]
pub struct DocRecord {
    /// Unix seconds.
    pub published: i64,
    pub section: u8,
    pub path: String,
    pub headline: String,
    /// The excerpt's source: the standfirst, then the start of the body.
    pub text: String,
}

/// `terms/<n>.bin`
pub fn terms_file(shard: usize) -> String {
    format!("terms/{shard}.bin")
}

/// `docs/<n>.bin`: documents `n * docs_per_shard ..`.
pub fn docs_file(shard: u32) -> String {
    format!("docs/{shard}.bin")
}

/// `tiers/<c>/<term>.<t>.bin`, sharded into folders by first letter.
pub fn tier_file(term: &str, tier: usize) -> String {
    let name = file_name(term);
    format!("tiers/{}/{name}.{tier}.bin", &name[..1])
}

/// `chunks/<c>/<term>.<k>.bin`
pub fn chunk_file(term: &str, chunk: u32) -> String {
    let name = file_name(term);
    format!("chunks/{}/{name}.{chunk}.bin", &name[..1])
}

/// A term as it stands if it is plain ASCII, else `_` and its UTF-8 in hex,
/// so every name is safe on every host and file system.
fn file_name(term: &str) -> String {
    if !term.is_empty() && term.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit()) {
        term.to_string()
    } else {
        let mut s = String::from("_");
        for b in term.bytes() {
            s.push_str(&format!("{b:02x}"));
        }
        s
    }
}

// ---------------------------------------------------------------- reading

pub(crate) struct Reader<'a> {
    buf: &'a [u8],
    pos: usize,
    path: &'a str,
}

impl<'a> Reader<'a> {
    /// Checks the header and returns a reader after it.
    pub fn open(path: &'a str, buf: &'a [u8], kind: Kind) -> Result<Reader<'a>, Error> {
        let mut r = Reader { buf, pos: 0, path };
        if buf.len() < 5 || &buf[..3] != MAGIC {
            return Err(r.error("not a search index file (bad magic)"));
        }
        if buf[4] != FORMAT_VERSION {
            return Err(Error::Version {
                path: path.to_string(),
                found: buf[4],
                expected: FORMAT_VERSION,
            });
        }
        if buf[3] != kind as u8 {
            return Err(r.error(&format!(
                "expected a {:?} file, found kind {:?}",
                kind, buf[3] as char
            )));
        }
        r.pos = 5;
        Ok(r)
    }

    /// A reader over bytes with no header (the writer's cache).
    #[cfg(feature = "write")]
    pub fn raw(path: &'a str, buf: &'a [u8]) -> Reader<'a> {
        Reader { buf, pos: 0, path }
    }

    pub fn error(&self, what: &str) -> Error {
        Error::Malformed {
            path: self.path.to_string(),
            reason: format!("{what} (at byte {})", self.pos),
        }
    }

    pub fn u8(&mut self) -> Result<u8, Error> {
        let b = *self.buf.get(self.pos).ok_or_else(|| self.error("truncated"))?;
        self.pos += 1;
        Ok(b)
    }

    pub fn bytes(&mut self, n: usize) -> Result<&'a [u8], Error> {
        if self.buf.len() - self.pos < n {
            return Err(self.error("truncated"));
        }
        let s = &self.buf[self.pos..self.pos + n];
        self.pos += n;
        Ok(s)
    }

    pub fn varint(&mut self) -> Result<u64, Error> {
        let mut v = 0u64;
        for shift in (0..64).step_by(7) {
            let b = self.u8()?;
            v |= u64::from(b & 0x7f) << shift;
            if b & 0x80 == 0 {
                return Ok(v);
            }
        }
        Err(self.error("varint too long"))
    }

    pub fn u32(&mut self) -> Result<u32, Error> {
        u32::try_from(self.varint()?).map_err(|_| self.error("number out of range"))
    }

    /// A count of items that each take at least one byte: bounded by what
    /// is left, so a corrupt count cannot make us allocate gigabytes.
    pub fn count(&mut self) -> Result<usize, Error> {
        let n = self.u32()? as usize;
        if n > self.buf.len() - self.pos {
            return Err(self.error("count larger than the file"));
        }
        Ok(n)
    }

    pub fn i64(&mut self) -> Result<i64, Error> {
        let z = self.varint()?;
        Ok((z >> 1) as i64 ^ -((z & 1) as i64))
    }

    pub fn f32(&mut self) -> Result<f32, Error> {
        let b = self.bytes(4)?;
        Ok(f32::from_le_bytes([b[0], b[1], b[2], b[3]]))
    }

    pub fn string(&mut self) -> Result<String, Error> {
        let n = self.count()?;
        let b = self.bytes(n)?;
        String::from_utf8(b.to_vec()).map_err(|_| self.error("invalid UTF-8"))
    }

    pub fn end(&self) -> Result<(), Error> {
        if self.pos == self.buf.len() {
            Ok(())
        } else {
            Err(self.error("trailing bytes"))
        }
    }

    /// Documents as a first value and gaps, ascending.
    fn doc_column(&mut self, n: usize) -> Result<Vec<u32>, Error> {
        let mut docs = Vec::with_capacity(n);
        let mut prev = 0u32;
        for i in 0..n {
            let gap = self.u32()?;
            let doc = if i == 0 {
                gap
            } else {
                prev.checked_add(gap).ok_or_else(|| self.error("doc overflow"))?
            };
            if i > 0 && gap == 0 {
                return Err(self.error("documents not ascending"));
            }
            docs.push(doc);
            prev = doc;
        }
        Ok(docs)
    }

    pub fn postings(&mut self, sections: usize) -> Result<Vec<Posting>, Error> {
        let n = self.count()?;
        let docs = self.doc_column(n)?;
        let impacts = self.bytes(n)?;
        let secs = self.bytes(n)?;
        if secs.iter().any(|&s| s as usize >= sections) {
            return Err(self.error("section out of range"));
        }
        Ok(docs
            .into_iter()
            .zip(impacts.iter().zip(secs))
            .map(|(doc, (&impact, &section))| Posting { doc, impact, section })
            .collect())
    }
}

pub(crate) fn read_manifest(path: &str, buf: &[u8]) -> Result<Manifest, Error> {
    let mut r = Reader::open(path, buf, Kind::Manifest)?;
    let doc_count = r.u32()?;
    let k1 = r.f32()?;
    let b = r.f32()?;
    let docs_per_shard = r.u32()?;
    let chunk_size = r.u32()?;
    let sections = (0..r.count()?)
        .map(|_| r.string())
        .collect::<Result<Vec<_>, _>>()?;
    let shards = read_sorted_terms(&mut r)?;
    r.end()?;
    if docs_per_shard == 0 || chunk_size == 0 || shards.is_empty() || sections.len() > 256 {
        return Err(r.error("impossible parameters"));
    }
    Ok(Manifest {
        doc_count,
        k1,
        b,
        docs_per_shard,
        chunk_size,
        sections,
        shards,
    })
}

/// Front-coded sorted strings: bytes shared with the previous one, then the rest.
fn read_sorted_terms(r: &mut Reader) -> Result<Vec<String>, Error> {
    let n = r.count()?;
    let mut out: Vec<String> = Vec::with_capacity(n);
    for _ in 0..n {
        let term = read_front_coded(r, out.last().map_or("", |s| s.as_str()))?;
        out.push(term);
    }
    Ok(out)
}

fn read_front_coded(r: &mut Reader, prev: &str) -> Result<String, Error> {
    let shared = r.count()?;
    let rest = r.string()?;
    let head = prev
        .as_bytes()
        .get(..shared)
        .ok_or_else(|| r.error("bad shared prefix"))?;
    let mut bytes = head.to_vec();
    bytes.extend_from_slice(rest.as_bytes());
    String::from_utf8(bytes).map_err(|_| r.error("invalid UTF-8"))
}

pub(crate) fn read_terms(path: &str, buf: &[u8], sections: usize) -> Result<Vec<TermEntry>, Error> {
    let mut r = Reader::open(path, buf, Kind::Terms)?;
    let n = r.count()?;
    let mut out: Vec<TermEntry> = Vec::with_capacity(n);
    for _ in 0..n {
        let term = read_front_coded(&mut r, out.last().map_or("", |e| e.term.as_str()))?;
        if out.last().is_some_and(|e| e.term >= term) {
            return Err(r.error("terms not sorted"));
        }
        let df = r.u32()?;
        let postings = match r.u8()? {
            0 => TermPostings::Inline(r.postings(sections)?),
            1 => {
                let tiers = (0..r.count()?)
                    .map(|_| {
                        Ok(TierInfo {
                            count: r.u32()?,
                            max_impact: r.u8()?,
                        })
                    })
                    .collect::<Result<Vec<_>, Error>>()?;
                TermPostings::Files {
                    tiers,
                    chunks: r.u32()?,
                }
            }
            _ => return Err(r.error("unknown postings kind")),
        };
        out.push(TermEntry { term, df, postings });
    }
    r.end()?;
    Ok(out)
}

pub(crate) fn read_tier(path: &str, buf: &[u8], sections: usize) -> Result<Vec<Posting>, Error> {
    let mut r = Reader::open(path, buf, Kind::Tier)?;
    let p = r.postings(sections)?;
    r.end()?;
    Ok(p)
}

pub(crate) fn read_chunk(path: &str, buf: &[u8], sections: usize) -> Result<Chunk, Error> {
    let mut r = Reader::open(path, buf, Kind::Chunk)?;
    let n = r.count()?;
    let docs = r.doc_column(n)?;
    let secs = r.bytes(n)?.to_vec();
    if secs.iter().any(|&s| s as usize >= sections) {
        return Err(r.error("section out of range"));
    }
    let k = r.count()?;
    let directory = r.doc_column(k)?;
    r.end()?;
    Ok(Chunk {
        docs,
        sections: secs,
        directory,
    })
}

pub(crate) fn read_docs(path: &str, buf: &[u8], sections: usize) -> Result<(u32, Vec<DocRecord>), Error> {
    let mut r = Reader::open(path, buf, Kind::Docs)?;
    let first = r.u32()?;
    let n = r.count()?;
    let mut published = Vec::with_capacity(n);
    let mut prev = 0i64;
    for _ in 0..n {
        prev = prev.wrapping_add(r.i64()?);
        published.push(prev);
    }
    let secs = r.bytes(n)?.to_vec();
    if secs.iter().any(|&s| s as usize >= sections) {
        return Err(r.error("section out of range"));
    }
    let mut column = || (0..n).map(|_| r.string()).collect::<Result<Vec<_>, _>>();
    let (paths, headlines, texts) = (column()?, column()?, column()?);
    r.end()?;
    let docs = published
        .into_iter()
        .zip(secs)
        .zip(paths.into_iter().zip(headlines).zip(texts))
        .map(|((published, section), ((path, headline), text))| DocRecord {
            published,
            section,
            path,
            headline,
            text,
        })
        .collect();
    Ok((first, docs))
}

// ---------------------------------------------------------------- writing

#[cfg(feature = "write")]
pub(crate) mod write {
    use super::*;

    #[derive(Default)]
    pub struct Writer(pub Vec<u8>);

    impl Writer {
        pub fn new(kind: Kind) -> Writer {
            let mut w = Writer(Vec::new());
            w.0.extend_from_slice(MAGIC);
            w.0.push(kind as u8);
            w.0.push(FORMAT_VERSION);
            w
        }

        pub fn varint(&mut self, mut v: u64) {
            while v >= 0x80 {
                self.0.push((v as u8) | 0x80);
                v >>= 7;
            }
            self.0.push(v as u8);
        }

        pub fn i64(&mut self, v: i64) {
            self.varint(((v << 1) ^ (v >> 63)) as u64);
        }

        pub fn string(&mut self, s: &str) {
            self.varint(s.len() as u64);
            self.0.extend_from_slice(s.as_bytes());
        }

        pub fn front_coded(&mut self, prev: &str, s: &str) {
            let mut shared = prev.bytes().zip(s.bytes()).take_while(|(a, b)| a == b).count();
            while !s.is_char_boundary(shared) {
                shared -= 1;
            }
            self.varint(shared as u64);
            self.string(&s[shared..]);
        }

        pub fn doc_column(&mut self, docs: impl Iterator<Item = u32>) {
            let mut prev = None;
            for d in docs {
                self.varint(u64::from(d - prev.unwrap_or(0)));
                prev = Some(d);
            }
        }

        /// `postings` sorted by document.
        pub fn postings(&mut self, postings: &[Posting]) {
            self.varint(postings.len() as u64);
            self.doc_column(postings.iter().map(|p| p.doc));
            self.0.extend(postings.iter().map(|p| p.impact));
            self.0.extend(postings.iter().map(|p| p.section));
        }
    }

    pub fn manifest(m: &Manifest) -> Vec<u8> {
        let mut w = Writer::new(Kind::Manifest);
        w.varint(m.doc_count.into());
        w.0.extend_from_slice(&m.k1.to_le_bytes());
        w.0.extend_from_slice(&m.b.to_le_bytes());
        w.varint(m.docs_per_shard.into());
        w.varint(m.chunk_size.into());
        w.varint(m.sections.len() as u64);
        for s in &m.sections {
            w.string(s);
        }
        w.varint(m.shards.len() as u64);
        let mut prev = "";
        for s in &m.shards {
            w.front_coded(prev, s);
            prev = s;
        }
        w.0
    }

    /// One dictionary entry, appended to `w` after `prev` (for front coding).
    pub fn term_entry(w: &mut Writer, prev: &str, e: &TermEntry) {
        w.front_coded(prev, &e.term);
        w.varint(e.df.into());
        match &e.postings {
            TermPostings::Inline(p) => {
                w.0.push(0);
                w.postings(p);
            }
            TermPostings::Files { tiers, chunks } => {
                w.0.push(1);
                w.varint(tiers.len() as u64);
                for t in tiers {
                    w.varint(t.count.into());
                    w.0.push(t.max_impact);
                }
                w.varint((*chunks).into());
            }
        }
    }

    pub fn tier(postings: &[Posting]) -> Vec<u8> {
        let mut w = Writer::new(Kind::Tier);
        w.postings(postings);
        w.0
    }

    pub fn chunk(c: &Chunk) -> Vec<u8> {
        let mut w = Writer::new(Kind::Chunk);
        w.varint(c.docs.len() as u64);
        w.doc_column(c.docs.iter().copied());
        w.0.extend_from_slice(&c.sections);
        w.varint(c.directory.len() as u64);
        w.doc_column(c.directory.iter().copied());
        w.0
    }

    pub fn docs(first: u32, docs: &[DocRecord]) -> Vec<u8> {
        let mut w = Writer::new(Kind::Docs);
        w.varint(first.into());
        w.varint(docs.len() as u64);
        let mut prev = 0i64;
        for d in docs {
            w.i64(d.published.wrapping_sub(prev));
            prev = d.published;
        }
        w.0.extend(docs.iter().map(|d| d.section));
        for field in [
            (|d: &DocRecord| d.path.as_str()) as fn(&DocRecord) -> &str,
            |d| d.headline.as_str(),
            |d| d.text.as_str(),
        ] {
            for d in docs {
                w.string(field(d));
            }
        }
        w.0
    }
}
