package dev.lap.console;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/** {@code bin/lap-server}: everything on embedded defaults unless configured otherwise. */
@SpringBootApplication
@ConfigurationPropertiesScan
public class LapServer {
    public static void main(String[] args) {
        SpringApplication.run(LapServer.class, args);
    }
}
