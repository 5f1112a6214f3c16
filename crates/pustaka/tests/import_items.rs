//! Importing records with items read from 952 (Koha) or 990 (INLISLite), and exporting them.

mod common;

use common::{at, new_library, tag};
use pustaka::{ImportOptions, ItemSource};
use pustaka_marc::{DataField, Field, Record};

fn with_952(title: &str, items: &[(&str, Option<&str>)]) -> Record {
    let mut r = Record::new();
    r.push(DataField::new(tag("245"), '1', '0').with('a', title));
    for (barcode, inventory) in items {
        let mut f = DataField::new(tag("952"), ' ', ' ')
            .with('p', *barcode)
            .with('o', "899.221 HIR l")
            .with('g', "75000.00")
            .with('d', "2024-05-02");
        if let Some(i) = inventory {
            f = f.with('i', *i);
        }
        r.push(f);
    }
    r
}

#[test]
fn items_from_952_become_collections_rows_and_990s() {
    let (_dir, library) = new_library("import-952");
    let records = vec![
        with_952("Satu", &[("B1", Some("INV/1")), ("B2", None)]),
        with_952("Dua", &[("B1", Some("INV/9"))]), // barcode already used: rejected
        with_952("Tiga", &[("B3", Some("INV/3"))]),
        Record::new().tap_push(DataField::new(tag("952"), ' ', ' ').with('o', "no barcode")),
    ];
    let mut options = ImportOptions::new(at("2024-06-01 10:00:00"));
    options.items_from = Some(ItemSource::F952);
    options.batch_size = 2;
    let report = library
        .import_records(
            records.into_iter().map(Ok::<_, std::convert::Infallible>),
            &options,
        )
        .unwrap();
    assert_eq!(report.imported, 2);
    assert_eq!(report.items, 3);
    let rejected: Vec<usize> = report.rejected.iter().map(|r| r.record).collect();
    assert_eq!(rejected, [2, 4]);
    assert!(report.rejected[0].reason.contains("NomorBarcode B1"));
    assert!(report.rejected[1].reason.contains("952 $p"));

    let b2 = library.items().get_by_barcode("B2").unwrap();
    assert_eq!(b2.columns.no_induk, None);
    assert_eq!(b2.columns.price, Some(75000));
    assert_eq!(b2.columns.call_number.as_deref(), Some("899.221 HIR l"));
    assert_eq!(b2.columns.tanggal_pengadaan.as_deref(), Some("2024-05-02"));
    let first = library.catalog().get(b2.catalog_id.unwrap()).unwrap();
    let nineninety: Vec<_> = first
        .record
        .fields("990")
        .filter_map(Field::as_data)
        .map(|f| f.subfield('a').unwrap().to_string())
        .collect();
    assert_eq!(nineninety, ["INV/1"]);
    // The rejected record left nothing behind: the third record got the next ids.
    let b3 = library.items().get_by_barcode("B3").unwrap();
    let third = library.catalog().get(b3.catalog_id.unwrap()).unwrap();
    assert_eq!(third.bibid, "0010-0624000002");
    let exported: Vec<_> = library
        .catalog()
        .marc_records()
        .collect::<Result<_, _>>()
        .unwrap();
    assert_eq!(exported.len(), 2);
    assert_eq!(exported[1].record, third.record);
}

trait TapPush {
    fn tap_push(self, field: DataField) -> Self;
}

impl TapPush for Record {
    fn tap_push(mut self, field: DataField) -> Self {
        self.push(field);
        self
    }
}
