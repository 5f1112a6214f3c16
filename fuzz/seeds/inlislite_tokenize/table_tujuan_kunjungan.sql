CREATE TABLE `tujuan_kunjungan` (
  `ID` int(11) NOT NULL AUTO_INCREMENT,
  `Code` varchar(100) NOT NULL,
  `TujuanKunjungan` varchar(255) NOT NULL,
  `Member` tinyint(1) NOT NULL,
  `NonMember` tinyint(1) NOT NULL,
  `Rombongan` tinyint(1) NOT NULL,
  `CreateBy` int(11) DEFAULT NULL,
  `CreateDate` datetime DEFAULT NULL,
  `CreateTerminal` varchar(100) DEFAULT NULL,
  `UpdateBy` int(11) DEFAULT NULL,
  `UpdateDate` datetime DEFAULT NULL,
  `UpdateTerminal` varchar(100) DEFAULT NULL,
  PRIMARY KEY (`ID`)
) ENGINE=InnoDB AUTO_INCREMENT=7 DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_general_ci;
INSERT INTO `tujuan_kunjungan` VALUES
(1,'01','Membaca',1,1,0,1,'2019-07-01 09:00:00','192.168.1.23',1,'2019-07-01 09:00:00','192.168.1.23'),
(2,'02','Meminjam / mengembalikan buku',1,0,0,1,'2019-07-01 09:00:00','192.168.1.23',1,'2019-07-01 09:00:00','192.168.1.23'),
(3,'03','Mengerjakan tugas / penelitian',1,1,0,1,'2019-07-01 09:00:00','192.168.1.23',1,'2019-07-01 09:00:00','192.168.1.23'),
(4,'04','Menggunakan internet',1,1,0,1,'2019-07-01 09:00:00','192.168.1.23',1,'2019-07-01 09:00:00','192.168.1.23'),
(5,'05','Kunjungan rombongan / studi banding',0,0,1,1,'2019-07-01 09:00:00','192.168.1.23',1,'2019-07-01 09:00:00','192.168.1.23'),
(6,'06','Lainnya',1,1,1,1,'2019-07-01 09:00:00','192.168.1.23',1,'2019-07-01 09:00:00','192.168.1.23');
