CREATE TABLE `settingparameters` (
  `ID` int(11) NOT NULL AUTO_INCREMENT,
  `Name` varchar(50) NOT NULL,
  `Value` text DEFAULT NULL,
  `CreateBy` int(11) DEFAULT NULL,
  `CreateDate` datetime DEFAULT NULL,
  `CreateTerminal` varchar(100) DEFAULT NULL,
  `UpdateBy` int(11) DEFAULT NULL,
  `UpdateDate` datetime DEFAULT NULL,
  `UpdateTerminal` varchar(100) DEFAULT NULL,
  PRIMARY KEY (`ID`)
) ENGINE=InnoDB AUTO_INCREMENT=8 DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_general_ci;
INSERT INTO `settingparameters` VALUES
(1,'IsSaturdayHoliday','False',1,'2019-07-01 09:00:00','192.168.1.23',1,'2019-07-01 09:00:00','192.168.1.23'),
(2,'IsSundayHoliday','True',1,'2019-07-01 09:00:00','192.168.1.23',1,'2019-07-01 09:00:00','192.168.1.23'),
(3,'JumlahBookingMaksimal','2',1,'2019-07-01 09:00:00','192.168.1.23',1,'2019-07-01 09:00:00','192.168.1.23'),
(4,'BookingExpired','2',1,'2019-07-01 09:00:00','192.168.1.23',1,'2019-07-01 09:00:00','192.168.1.23'),
(5,'NamaPerpustakaan','Perpustakaan Umum Daerah Sukamaju',1,'2019-07-01 09:00:00','192.168.1.23',1,'2019-07-01 09:00:00','192.168.1.23'),
(6,'FacedAuthorMax','10',1,'2019-07-01 09:00:00','192.168.1.23',1,'2019-07-01 09:00:00','192.168.1.23'),
(7,'FacedPublisherMax','10',1,'2019-07-01 09:00:00','192.168.1.23',1,'2019-07-01 09:00:00','192.168.1.23');
