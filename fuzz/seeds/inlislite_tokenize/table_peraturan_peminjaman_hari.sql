CREATE TABLE `peraturan_peminjaman_hari` (
  `ID` int(11) NOT NULL AUTO_INCREMENT,
  `DayIndex` int(11) DEFAULT 0,
  `CreateBy` int(11) DEFAULT NULL,
  `CreateDate` datetime DEFAULT NULL,
  `CreateTerminal` varchar(100) DEFAULT NULL,
  `UpdateBy` int(11) DEFAULT NULL,
  `UpdateDate` datetime DEFAULT NULL,
  `UpdateTerminal` varchar(100) DEFAULT NULL,
  `MaxPinjamKoleksi` int(11) DEFAULT 0,
  `MaxLoanDays` int(11) DEFAULT 0,
  `DendaType` varchar(45) DEFAULT 'Konstan',
  `DendaTenorJumlah` double DEFAULT 0,
  `DendaTenorSatuan` varchar(45) DEFAULT 'Hari',
  `DendaPerTenor` decimal(10,0) DEFAULT NULL,
  `DendaTenorMultiply` int(11) DEFAULT NULL,
  `SuspendMember` bit(1) DEFAULT b'0',
  `WarningLoanDueDay` int(11) DEFAULT 0,
  `SuspendType` varchar(45) DEFAULT 'Konstan',
  `SuspendTenorJumlah` double DEFAULT 0,
  `SuspendTenorSatuan` varchar(45) DEFAULT 'Hari',
  `DaySuspend` int(11) DEFAULT 0,
  `SuspendTenorMultiply` int(11) DEFAULT 1,
  `DayPerpanjang` int(11) DEFAULT 0,
  `CountPerpanjang` int(11) DEFAULT 0,
  PRIMARY KEY (`ID`)
) ENGINE=InnoDB AUTO_INCREMENT=2 DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_general_ci;
INSERT INTO `peraturan_peminjaman_hari` VALUES
(1,5,1,'2019-07-01 09:00:00','192.168.1.23',1,'2019-07-01 09:00:00','192.168.1.23',0,10,'Konstan',0,'Hari',NULL,NULL,'\0',0,'Konstan',0,'Hari',0,1,0,0);
