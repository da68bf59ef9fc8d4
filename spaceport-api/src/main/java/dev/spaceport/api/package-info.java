/**
 * The wire types of Spaceport's REST API v2: one record per JSON body, named as the JSON is. These
 * records and {@code openapi.yaml} (on the classpath root of this module) are the single written
 * source of the contract; server and SDK both speak through them.
 */
package dev.spaceport.api;
