/*!40101 SET NAMES latin1 */;
CREATE TABLE `m` (`id` int(11), `nama` varchar(50)) ENGINE=MyISAM DEFAULT CHARSET=latin1;
INSERT INTO `m` VALUES (1,'RÃ©my'),(2,'Café');
