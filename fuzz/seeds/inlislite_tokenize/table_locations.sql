CREATE TABLE `locations` (
  `ID` int(11) NOT NULL AUTO_INCREMENT,
  `Code` varchar(20) NOT NULL,
  `Name` varchar(255) NOT NULL,
  `Description` varchar(255) DEFAULT NULL,
  `ISPUSTELING` bit(1) DEFAULT b'0',
  `UrlLogo` varchar(100) DEFAULT NULL,
  `IsPrintBarcode` bit(1) DEFAULT b'0',
  `IsGenerateVisitorNumber` bit(1) DEFAULT b'0',
  `IsInformationSought` bit(1) DEFAULT b'0',
  `IsVisitsDestination` bit(1) DEFAULT b'0',
  `LocationLibrary_id` int(11) DEFAULT NULL,
  `CreateBy` int(11) DEFAULT NULL,
  `CreateDate` datetime DEFAULT NULL,
  `CreateTerminal` varchar(100) DEFAULT NULL,
  `UpdateBy` int(11) DEFAULT NULL,
  `UpdateDate` datetime DEFAULT NULL,
  `UpdateTerminal` varchar(100) DEFAULT NULL,
  `KIILastUploadDate` datetime DEFAULT NULL,
  PRIMARY KEY (`ID`)
) ENGINE=InnoDB AUTO_INCREMENT=5 DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_general_ci;
INSERT INTO `locations` VALUES
(1,'SIRK','Ruang Sirkulasi Dewasa','Ruang Sirkulasi Dewasa','\0',NULL,'','','\0','',1,1,'2019-07-01 09:00:00','192.168.1.23',1,'2019-07-01 09:00:00','192.168.1.23',NULL),
(2,'ANAK','Ruang Layanan Anak','Ruang Layanan Anak','\0',NULL,'','','\0','',1,1,'2019-07-01 09:00:00','192.168.1.23',1,'2019-07-01 09:00:00','192.168.1.23',NULL),
(3,'REF','Ruang Referensi','Ruang Referensi','\0',NULL,'','','\0','',1,1,'2019-07-01 09:00:00','192.168.1.23',1,'2019-07-01 09:00:00','192.168.1.23',NULL),
(4,'PUSLING','Perpustakaan Keliling','Perpustakaan Keliling','',NULL,'','','\0','',1,1,'2019-07-01 09:00:00','192.168.1.23',1,'2019-07-01 09:00:00','192.168.1.23',NULL);
