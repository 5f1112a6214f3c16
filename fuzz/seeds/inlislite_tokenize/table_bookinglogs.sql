CREATE TABLE `bookinglogs` (
  `memberId` varchar(50) DEFAULT NULL,
  `collectionId` double DEFAULT NULL,
  `bookingDate` datetime DEFAULT NULL,
  `bookingExpired` datetime DEFAULT NULL
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_general_ci;
INSERT INTO `bookinglogs` VALUES
('202400004',8,'2026-02-12 19:12:05','2026-02-14 19:12:05'),
('202500009',13,'2026-01-04 19:12:05','2026-01-06 19:12:05');
