CREATE TABLE `catalogfiles` (
  `ID` int(11) NOT NULL AUTO_INCREMENT,
  `Catalog_id` double NOT NULL,
  `FileURL` varchar(255) DEFAULT NULL,
  `FileFlash` varchar(255) DEFAULT NULL,
  `IsPublish` tinyint(1) NOT NULL DEFAULT 1,
  `CreateBy` int(11) DEFAULT NULL,
  `CreateDate` datetime DEFAULT NULL,
  `CreateTerminal` varchar(100) DEFAULT NULL,
  `UpdateBy` int(11) DEFAULT NULL,
  `UpdateDate` datetime DEFAULT NULL,
  `UpdateTerminal` varchar(100) DEFAULT NULL,
  `IsFromMember` bit(1) DEFAULT b'0',
  `Member_id` double DEFAULT NULL,
  PRIMARY KEY (`ID`)
) ENGINE=InnoDB AUTO_INCREMENT=2 DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_general_ci;
INSERT INTO `catalogfiles` VALUES
(1,7,'uploaded_files/dokumen_isi/Monograf/INLIS000000000000007_daftar_isi.pdf',NULL,1,2,'2023-03-15 09:55:18','192.168.1.23',2,'2023-03-15 09:55:18','192.168.1.23','\0',NULL);
