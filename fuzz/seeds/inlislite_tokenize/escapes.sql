CREATE TABLE `t` (`id` int(11) NOT NULL, `s` varchar(255), `d` datetime, `b` bit(1), `bin` blob, `n` decimal(10,2), PRIMARY KEY (`id`)) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;
INSERT INTO `t` VALUES (1,'it\'s \\ \n \0 \Z \% \_ ''q''','0000-00-00 00:00:00',b'1',_binary 'ab\0',12.50),(2,"dq ""x""",NULL,'\0',0xDEADBEEF,-1e3),(3,X'4142',NULL,0b1,x'',+.5);
