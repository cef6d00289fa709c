// The Ivy 1.7 language (see docs/ivy-language.md, section 2).
//
// The parser built from this grammar only recognises text; frontend/src/ast_builder.cpp
// turns its parse tree into the AST. Alternatives carry labels so that the builder
// dispatches through the generated visitor instead of testing context types.
//
// Where Ivy's own grammar is looser than its rules (the ';' between statements, see
// stmtSeq), the grammar accepts a superset and the AST builder reports the error.
grammar Ivy;

// ---------------------------------------------------------------- entry points

file     : decl* EOF ;
exprOnly : expr EOF ;

// ---------------------------------------------------------------- names

// A name token with optional subscripts, `bv[16]`, `array[node][value]`: one name.
sym       : (ID | STRING) ('[' subscript ']')* ;
subscript : (sym | 'this') ('.' sym)* ;
dotted    : sym ('.' sym)* ;
atype     : ('this' | sym) ('.' sym)* ;
label     : '[' (sym | 'this') ']' ;

lparam    : '^'? ID ':' atype ;
params    : '(' (lparam (',' lparam)*)? ')' ;
results   : 'returns' params ;
var       : VAR (':' atype)? ;
qvar      : VAR (':' sym)? ;

// `c(x).down`, `this`, `node.iter.create(0)`: what isolates, exports and calls name.
callatom  : catom ('.' catom)* ;
catom     : sym ('(' exprs? ')')? | 'this' ;
callatoms : callatom (',' callatom)* ;
exprs     : expr (',' expr)* ;

// ---------------------------------------------------------------- declarations

decl
    : 'include' sym                                                        # includeDecl
    | 'finite'? 'ghost'? 'type' (sym | 'this') ('=' typeRhs)?              # typeDecl
    | 'alias' sym '=' callatom                                             # aliasDecl
    | 'interpret' oper '->' interpretRhs                                   # interpretDecl
    | kind=('relation' | 'function') symDecl (',' symDecl)*                # symbolDecl
    | kind=('individual' | 'var' | 'destructor') tterm (',' tterm)*        # stateDecl
    | 'parameter' tterm ('=' paramDefault)?                                # parameterDecl
    | 'derived' defn (',' defn)*                                           # derivedDecl
    | 'explicit'? 'definition' label? defnGroup proof?                     # definitionDecl
    | 'explicit'? 'temporal'? 'axiom' label? (schemaBody | expr)           # axiomDecl
    | 'explicit'? 'temporal'? 'property' label? expr
          ('named' defnLhs)? proof?                                        # propertyDecl
    | 'conjecture' label? expr                                             # conjectureDecl
    | 'explicit'? 'invariant' label? expr
          ('with' atype (',' atype)*)? proof?                              # invariantDecl
    | 'theorem' theoremBody proof?                                         # theoremDecl
    | 'module' kind=('object' | 'isolate')? ID
          ('(' ID (',' ID)* ')')? ('with' callatoms)? '=' '{' decl* '}'    # moduleDecl
    | kind=('instance' | 'instantiate' | 'autoinstance') inst (',' inst)*  # instanceDecl
    | 'object' ID params? '=' '{' cont='...'? decl* '}'                    # objectDecl
    | 'trusted'? 'isolate' ID params? '='
          ('{' decl* '}' | callatoms) ('with' callatoms)?                  # isolateDecl
    | 'extract' ID params? '='
          (callatoms | '{' decl* '}' ('with' callatoms)?)                  # extractDecl
    | kind=('specification' | 'implementation' | 'private') '{' decl* '}'  # sectionDecl
    | dir=('export' | 'import')? kind=('action' | 'method') ID params? results?
          ('=' (topBlock | star='*'))?                                     # actionDecl
    | 'before' atype params? results? block                                # beforeDecl
    | 'after' 'init' params? topBlock                                      # afterInitDecl
    | 'after' atype params? results? topBlock                              # afterDecl
    | 'around' atype params? results?
          '{' stmtSeq '...' stmtSeq '}'                                    # aroundDecl
    | 'implement' atype params? results? topBlock                          # implementDecl
    | dir=('export' | 'import') callatom                                   # exportDecl
    | 'delegate' callatoms ('->' callatom)?                                # delegateDecl
    | 'attribute' callatom '=' (callatom | 'true' | 'false')               # attributeDecl
    | NATIVE                                                               # nativeDecl
    | kind=('mixin' | 'execute') callatom when=('before' | 'after') callatom # mixinDecl
    ;

typeRhs
    : '{' sym (',' sym)* '}'                       # enumType
    | '{' sym '..' sym '}'                         # rangeType
    | 'struct' '{' (tterm (',' tterm)*)? '}'       # structType
    ;

oper         : atype | NATIVE | relop | arith ;
relop        : '=' | '<' | '<=' | '>' | '>=' | '*>' ;
arith        : '+' | '-' | '*' | '/' ;
interpretRhs
    : oper                                         # interpretOper
    | '{' expr '..' expr '}'                       # interpretRange
    | '{' sym (',' sym)* '}'                       # interpretEnum
    ;

symDecl      : defnLhs (':' atype)? ('=' defnRhs)? ;
tterm        : tapp (':' atype)? ;
tapp         : sym ('(' (var (',' var)*)? ')')?    # prefixTapp
             | '(' var arith var ')'               # infixTapp
             ;
paramDefault : sym | 'true' | 'false' ;

defnGroup : defn | '{' defn '}' ;
defn      : defnLhs (':' atype)? '=' defnRhs ;
defnLhs   : dotted ('(' (defArg (',' defArg)*)? ')')?  # prefixLhs
          | '(' defArg (relop | arith) defArg ')'      # infixLhs
          ;
defArg    : var | lparam ;
defnRhs   : expr                                                              # exprRhs
          | NATIVE                                                            # nativeRhs
          | 'some' qvar (',' qvar)* '.' expr ('in' expr)? ('else' expr)?      # someRhs
          ;

theoremBody : defnLhs '=' (schemaBody | expr)      # namedTheorem
            | label schemaBody                     # labelledTheorem
            ;
schemaBody  : '{' schemaItem* '}' ;
schemaItem
    : 'type' sym                                                      # schemaType
    | kind=('relation' | 'function') symDecl (',' symDecl)*           # schemaSymbol
    | 'individual' tterm (',' tterm)*                                 # schemaIndividual
    | kind=('property' | 'axiom') label? expr                         # schemaProperty
    | 'definition' defn                                               # schemaDefinition
    ;

inst     : modref (':' modref)? ;
modref   : dotted ('(' (modArg (',' modArg)*)? ')')? ;
modArg   : lparam | var | atype | 'true' | 'false' | relop | arith ;

// ---------------------------------------------------------------- proofs

proof      : 'proof' proofStep ;
proofGroup : '{' (proofStep (';' proofStep)* ';'?)? '}' ;
proofStep
    : kind=('apply' | 'assume' | 'instantiate') atype renaming?
          ('with' proofMatch (',' proofMatch)*)?                      # applyStep
    | 'showgoals'                                                     # showgoalsStep
    | 'defergoal'                                                     # defergoalStep
    | 'spoil' atype                                                   # spoilStep
    | 'unfold' atype?                                                 # unfoldStep
    | 'forget' atype (',' atype)*                                     # forgetStep
    | 'tactic' sym ('with' ('invariant' label? expr)+)?               # tacticStep
    | 'temporal'? 'property' label? expr ('named' defnLhs)? ('proof' proofGroup)? # propertyStep
    | 'let' proofMatch (',' proofMatch)*                              # letStep
    | 'if' expr proofGroup 'else' proofGroup                          # ifStep
    | proofGroup                                                      # groupStep
    ;
renaming   : '<' renameItem (',' renameItem)* '>' ;
renameItem : VAR '/' VAR | sym '/' sym ;
proofMatch : expr ;

// ---------------------------------------------------------------- action bodies

topBlock : '{' NATIVE '}'    # nativeBody
         | block             # blockBody
         ;
block    : '{' stmtSeq? '}' ;

// Ivy wants ';' after a simple statement that another statement follows, and lets it
// out after a complex one. The grammar accepts the ';' anywhere between statements
// (one trailing one too); the AST builder enforces the rule with a precise message.
stmtSeq  : stmt (';'? stmt)* ';'? ;

stmt
    : kind=('require' | 'ensure' | 'assert' | 'assume') label? expr
          ('proof' proofStep)?                                        # assertStmt
    | 'call' (callatoms ':=')? callatom                               # callStmt
    | 'var' ID (':' atype)? (':=' expr)?                              # varStmt
    | '(' expr ',' exprs ')' ':=' callatom                            # tupleAssignStmt
    | expr ':=' '*'                                                   # havocStmt
    | expr ':=' expr                                                  # assignStmt
    | expr                                                            # exprStmt
    | block                                                           # blockStmt
    | 'if' '*' block 'else' stmt                                      # ifStarStmt
    | 'if' cond block ('else' stmt)?                                  # ifStmt
    | 'while' cond loopInvariant* ('decreases' expr)? block           # whileStmt
    | 'local' lparam (',' lparam)* block                              # localStmt
    ;
loopInvariant : 'invariant' label? expr ;

cond
    : 'some' ID ':' sym (',' ID ':' sym)* '.' expr extremum?          # someCond
    | 'some' params expr extremum?                                    # someParamsCond
    | expr                                                            # plainCond
    ;
extremum : kind=('minimizing' | 'maximizing') expr ;

// ---------------------------------------------------------------- expressions
// Earlier alternatives bind tighter (see docs/ivy-language.md, 2.4).

expr
    : primary                                                         # primaryExpr
    | expr '.' sym ('(' exprs? ')')?                                  # memberExpr
    | expr op=('*' | '/') expr                                        # binaryExpr
    | expr op=('+' | '-') expr                                        # binaryExpr
    | expr ':' atype                                                  # ascribeExpr
    | expr 'if' expr 'else' expr                                      # iteExpr
    | expr op='~=' expr                                               # binaryExpr
    | expr op=('=' | '<' | '<=' | '>' | '>=' | '*>') expr             # binaryExpr
    | '~' expr                                                        # notExpr
    | expr op='&' expr                                                # binaryExpr
    | expr op='|' expr                                                # binaryExpr
    | expr op=('->' | '<->') expr                                     # binaryExpr
    | quant=('forall' | 'exists') qvar (',' qvar)* '.' expr           # quantExpr
    | quant=('forall' | 'exists') '(' var (',' var)* ')' expr         # quantParenExpr
    | op=('globally' | 'eventually') expr                             # temporalExpr
    | expr 'isa' atype                                                # isaExpr
    ;

primary
    : sym ('(' exprs? ')')?                                           # appPrimary
    | 'old' sym ('(' exprs? ')')? ('.' sym ('(' exprs? ')')?)*        # oldPrimary
    | VAR                                                             # varPrimary
    | value=('true' | 'false')                                        # boolPrimary
    | '(' expr ')'                                                    # parenPrimary
    ;

// ---------------------------------------------------------------- tokens

NATIVE  : '<<<' .*? '>>>' ;
// Keywords of Ivy 1.7 that no construct of this grammar uses: they still cannot be
// names, as in Ivy (docs/ivy-language.md 1.4).
RESERVED
    : 'class' | 'concept' | 'constructor' | 'ensures' | 'entry' | 'fresh' | 'from' | 'macro'
    | 'mixord' | 'modifies' | 'of' | 'params' | 'progress' | 'rely' | 'requires' | 'scenario'
    | 'schema' | 'thunk' | 'update' | 'using' | 'variant'
    ;
VAR     : [A-Z] [_a-zA-Z0-9]* ;
ID      : [_a-z0-9] [_a-zA-Z0-9]* ;
STRING  : '"' ~["\n]* '"' ;
COMMENT : '#' ~[\n]* -> skip ;
WS      : [ \t\r\n]+ -> skip ;

// Never valid: it exists so that the lexer names the mistake instead of splitting
// an unclosed string into ordinary tokens. (An unclosed `<<<` lexes as three
// adjacent '<' tokens, which the parser driver reports.)
UNTERMINATED_STRING : '"' ~["\n]* ;
