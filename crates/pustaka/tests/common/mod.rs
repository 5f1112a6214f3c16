//! Helpers shared by the scenario tests.
#![allow(dead_code)]

use std::path::{Path, PathBuf};

use pustaka::{Library, Timestamp};
use pustaka_marc::{DataField, Field, ReadOptions, Record, Tag};

/// A fresh directory under the system temp dir, removed when dropped.
pub struct TempDir(PathBuf);

impl TempDir {
    pub fn new(name: &str) -> TempDir {
        let dir = std::env::temp_dir().join(format!("pustaka-test-{}-{name}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        TempDir(dir)
    }

    pub fn path(&self) -> &Path {
        &self.0
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

pub fn at(text: &str) -> Timestamp {
    Timestamp::parse(text).unwrap()
}

pub fn new_library(name: &str) -> (TempDir, Library) {
    let dir = TempDir::new(name);
    let library = Library::create(dir.path()).unwrap();
    (dir, library)
}

pub fn tag(t: &str) -> Tag {
    Tag::parse(t).unwrap()
}

/// "Laskar pelangi", as an Indonesian cataloguer would enter it.
pub fn laskar_pelangi() -> Record {
    let mut r = Record::new();
    r.push(Field::control(tag("001"), "LP-2005-1"));
    r.push(Field::control(tag("003"), "IdJaPN"));
    r.push(Field::control(
        tag("008"),
        "240115s2005    io            000 1 ind d",
    ));
    r.push(DataField::new(tag("020"), ' ', ' ').with('a', "979-3062-79-7 (pbk.)"));
    r.push(DataField::new(tag("082"), '0', '4').with('a', "899.221 3"));
    r.push(DataField::new(tag("084"), ' ', ' ').with('a', "899.221 3 HIR l"));
    r.push(
        DataField::new(tag("100"), '0', ' ')
            .with('a', "Andrea Hirata")
            .with('e', "pengarang"),
    );
    r.push(
        DataField::new(tag("245"), '1', '0')
            .with('a', "Laskar pelangi :")
            .with('b', "novel /")
            .with('c', "Andrea Hirata."),
    );
    r.push(DataField::new(tag("250"), ' ', ' ').with('a', "Cet. 1."));
    r.push(
        DataField::new(tag("260"), ' ', ' ')
            .with('a', "Yogyakarta :")
            .with('b', "Bentang,")
            .with('c', "2005."),
    );
    r.push(
        DataField::new(tag("300"), ' ', ' ')
            .with('a', "xiv, 529 hlm. ;")
            .with('c', "20 cm."),
    );
    r.push(DataField::new(tag("500"), ' ', ' ').with('a', "Novel pertama tetralogi."));
    r.push(
        DataField::new(tag("650"), ' ', '4')
            .with('a', "Fiksi Indonesia")
            .with('x', "Novel"),
    );
    r
}

/// The first `n` records of the LoC Books All sample.
pub fn loc_records(n: usize) -> Vec<Record> {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../fixtures/marc/loc-booksall/BooksAll.2016.part01.utf8.first1000"
    );
    pustaka_marc::read_path(path, None, ReadOptions::default())
        .unwrap()
        .take(n)
        .collect::<Result<_, _>>()
        .unwrap()
}
